import { describe, expect, it } from 'vitest';
import { tokenState, TOKEN_SCOPES } from './tokenScopes';

describe('tokenState', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  it('tells active, expired and revoked tokens apart', () => {
    expect(tokenState({ revokedAt: null, expiresAt: '2025-06-01T00:00:00Z' }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: '2025-03-01T10:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ revokedAt: '2025-02-01T00:00:00Z', expiresAt: '2025-01-01T00:00:00Z' }, now)).toBe('revoked');
  });
});

describe('TOKEN_SCOPES', () => {
  it('lists each scope once', () => {
    expect(new Set(TOKEN_SCOPES).size).toBe(TOKEN_SCOPES.length);
    expect(TOKEN_SCOPES).toContain('reports:read');
  });
});
