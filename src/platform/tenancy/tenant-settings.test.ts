import { describe, expect, it } from 'vitest';
import { applySettingsPatch, settingsOf } from './tenant-settings.js';

describe('tenant settings', () => {
  it('a new tenant gets the safe defaults', () => {
    const s = settingsOf({ settings: {} });
    expect(s.passwordPolicy).toMatchObject({ preset: 'default', minLength: 8, requireUppercase: true, requireDigit: true });
    expect(s.session).toEqual({ idleMinutes: 20, absoluteHours: 12 });
    expect(s.security.forceHttps).toBe(true);
    expect(s.intrusion.accountIpMaxFailures).toBe(5);
  });

  it('keeps what was set and fills the rest', () => {
    const s = settingsOf({ settings: { session: { idleMinutes: 60 } } });
    expect(s.session).toEqual({ idleMinutes: 60, absoluteHours: 12 });
  });

  it('falls back to defaults for a stored value that is no longer valid', () => {
    const s = settingsOf({ settings: { session: { idleMinutes: 1 } } as never });
    expect(s.session.idleMinutes).toBe(20);
  });

  it('a custom minimum length stored below 8 by an older release is read as 8, the rest of the policy kept', () => {
    const s = settingsOf({ settings: { passwordPolicy: { preset: 'custom', minLength: 6, requireSymbol: true } } as never });
    expect(s.passwordPolicy).toMatchObject({ preset: 'custom', minLength: 8, requireSymbol: true });
  });

  it('a change of another setting keeps a stored minimum length below 8 from being refused, and stores 8', () => {
    const next = applySettingsPatch({ passwordPolicy: { preset: 'custom', minLength: 7 } } as never, { locale: 'de' });
    expect(next).toEqual({ locale: 'de', passwordPolicy: { preset: 'custom', minLength: 8 } });
  });

  it('the stored requireMfaForAdmins of older releases means two-factor sign-in for administrators', () => {
    expect(settingsOf({ settings: { security: { requireMfaForAdmins: true } } as never }).security.requireMfaFor).toEqual(['admin']);
    expect(settingsOf({ settings: { security: { requireMfaForAdmins: false } } as never }).security.requireMfaFor).toEqual([]);
    expect(settingsOf({ settings: {} }).security.requireMfaFor).toEqual([]);
    const next = applySettingsPatch({ security: { requireMfaForAdmins: true } } as never, { security: { forceHttps: false } });
    expect(next).toEqual({ security: { forceHttps: false, requireMfaFor: ['admin'] } });
  });
});
