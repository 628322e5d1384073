import { describe, expect, it } from 'vitest';
import { settingsOf } from './tenant-settings.js';

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
});
