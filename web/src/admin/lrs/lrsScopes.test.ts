import { describe, expect, it } from 'vitest';
import { LRS_SCOPES as SERVER_SCOPES } from '../../../../src/lrs/keys/lrs-keys.contract';
import { en } from '../../shared/i18n/en';
import { de } from '../../shared/i18n/de';
import { basicAuthorization, DEFAULT_LRS_SCOPES, isLrsScope, LRS_SCOPE_KEYS, LRS_SCOPES, lrsKeyState, lrsScopeWords, newLrsKeyProblems, orderLrsScopes } from './lrsScopes';

describe('LRS_SCOPES', () => {
  it('lists every scope the server knows once, narrow before broad', () => {
    expect([...LRS_SCOPES].sort()).toEqual([...SERVER_SCOPES].sort());
    expect(LRS_SCOPES).toEqual(['statements/write', 'statements/read/mine', 'statements/read', 'state', 'profile', 'all/read', 'all']);
  });

  it('has words for each scope in both languages', () => {
    for (const key of Object.values(LRS_SCOPE_KEYS)) {
      expect(en.lrs.scopes[key]).toBeTruthy();
      expect(de.lrs.scopes[key]).toBeTruthy();
    }
  });

  it('gives a new key what a course hosted elsewhere needs: write statements, read its own', () => {
    expect(DEFAULT_LRS_SCOPES).toEqual(['statements/write', 'statements/read/mine']);
  });
});

describe('isLrsScope and orderLrsScopes', () => {
  it('knows the scopes by their exact names', () => {
    expect(isLrsScope('statements/read/mine')).toBe(true);
    expect(isLrsScope('statements')).toBe(false);
    expect(isLrsScope('toString')).toBe(false);
  });

  it('orders the chosen scopes as the form lists them, once each, leaving out unknown ones', () => {
    expect(orderLrsScopes(['all', 'state', 'statements/write', 'state', 'everything'])).toEqual(['statements/write', 'state', 'all']);
    expect(orderLrsScopes([])).toEqual([]);
  });
});

describe('lrsScopeWords', () => {
  const words = (key: string) => `<${key}>`;
  it('puts a key’s scopes in words, in display order', () => {
    expect(lrsScopeWords(['statements/read/mine', 'statements/write'], words)).toEqual(['<statementsWrite>', '<statementsReadMine>']);
    expect(lrsScopeWords(['all', 'all/read'], words)).toEqual(['<allRead>', '<all>']);
  });

  it('shows a scope it does not know by its name, last and once', () => {
    expect(lrsScopeWords(['define', 'state', 'define'], words)).toEqual(['<state>', 'define']);
  });

  it('reads the English and German words', () => {
    expect(lrsScopeWords(['statements/write'], (key) => en.lrs.scopes[key])).toEqual([en.lrs.scopes.statementsWrite]);
    expect(lrsScopeWords(['profile'], (key) => de.lrs.scopes[key])).toEqual([de.lrs.scopes.profile]);
  });
});

describe('lrsKeyState', () => {
  it('tells active and revoked keys apart', () => {
    expect(lrsKeyState({ revokedAt: null })).toBe('active');
    expect(lrsKeyState({ revokedAt: '2026-03-01T10:00:00.000Z' })).toBe('revoked');
  });
});

describe('newLrsKeyProblems', () => {
  it('asks for a name and at least one scope', () => {
    expect(newLrsKeyProblems({ name: 'Storyline course', scopes: ['statements/write'] })).toEqual({});
    expect(newLrsKeyProblems({ name: '   ', scopes: ['statements/write'] })).toEqual({ name: 'required' });
    expect(newLrsKeyProblems({ name: 'Reports', scopes: [] })).toEqual({ scopes: 'required' });
    expect(newLrsKeyProblems({ name: '', scopes: ['everything'] })).toEqual({ name: 'required', scopes: 'required' });
  });
});

describe('basicAuthorization', () => {
  it('encodes key and secret as HTTP Basic does', () => {
    const header = basicAuthorization('lrs_0123456789abcdef0123', 'sEcr3t-_x');
    expect(header).toBe('Basic bHJzXzAxMjM0NTY3ODlhYmNkZWYwMTIzOnNFY3IzdC1feA==');
    expect(atob(header.slice('Basic '.length))).toBe('lrs_0123456789abcdef0123:sEcr3t-_x');
  });
});
