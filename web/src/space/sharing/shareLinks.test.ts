import { describe, expect, it } from 'vitest';
import { EMPTY_SHARE_FORM, shareInputOf, shareState, sortShares } from './shareLinks';
import type { ShareView } from './sharing.api';

const NOW = new Date('2031-05-10T12:00:00Z');

function share(id: string, fields: Partial<ShareView> = {}): ShareView {
  return { id, url: `https://site.test/s/${id}`, embedCode: '', audience: 'public', recipients: [], hasPassword: false, expiresAt: null, allowDownload: false, embedOrigins: [], createdAt: '2031-05-01T10:00:00Z', revokedAt: null, opens: 0, visitors: 0, ...fields };
}

describe('shareState', () => {
  it('is active until revoked or expired', () => {
    expect(shareState(share('a'), NOW)).toBe('active');
    expect(shareState(share('a', { expiresAt: '2031-05-11T00:00:00Z' }), NOW)).toBe('active');
    expect(shareState(share('a', { expiresAt: '2031-05-10T12:00:00Z' }), NOW)).toBe('expired');
    expect(shareState(share('a', { revokedAt: '2031-05-02T00:00:00Z', expiresAt: '2031-05-03T00:00:00Z' }), NOW)).toBe('revoked');
  });
});

describe('shareInputOf', () => {
  it('sends no password for an empty field and no expiry without a day', () => {
    expect(shareInputOf(EMPTY_SHARE_FORM)).toEqual({ audience: 'public', recipients: [], password: null, expiresAt: null, allowDownload: false, embedOrigins: [] });
  });

  it('sends recipients only for a link for named people, trimmed', () => {
    const typed = { ...EMPTY_SHARE_FORM, recipients: [' eve@example.com ', ''] };
    expect(shareInputOf({ ...typed, audience: 'recipients' }).recipients).toEqual(['eve@example.com']);
    expect(shareInputOf({ ...typed, audience: 'public' }).recipients).toEqual([]);
  });

  it('keeps the link open until the end of the chosen local day', () => {
    const input = shareInputOf({ ...EMPTY_SHARE_FORM, expiresOn: '2031-06-30', password: 'Secret-Pass-1', audience: 'tenant', allowDownload: true, embedOrigins: [' https://intranet.example.com ', ''] });
    const expires = new Date(input.expiresAt!);
    expect([expires.getFullYear(), expires.getMonth() + 1, expires.getDate(), expires.getHours(), expires.getMinutes()]).toEqual([2031, 6, 30, 23, 59]);
    expect(input).toMatchObject({ audience: 'tenant', password: 'Secret-Pass-1', allowDownload: true, embedOrigins: ['https://intranet.example.com'] });
  });
});

describe('sortShares', () => {
  it('lists active links first, newest first', () => {
    const sorted = sortShares(
      [share('old', { createdAt: '2031-05-01T10:00:00Z' }), share('revoked', { createdAt: '2031-05-09T10:00:00Z', revokedAt: '2031-05-09T11:00:00Z' }), share('new', { createdAt: '2031-05-08T10:00:00Z' })],
      NOW,
    );
    expect(sorted.map((s) => s.id)).toEqual(['new', 'old', 'revoked']);
  });
});
