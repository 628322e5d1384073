import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { startOfAFreshMinute } from '../../../test/fresh-minute.js';
import { PDF } from '../library/library.test-fixtures.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import type { ShareView } from './sharing.contract.js';

// A share link's forms mail a named address (the code) or check a guessable secret (the code, the
// password): each costs a password hash, so one address gets only the few a minute the API's
// password reset gets, whatever it names.
describe(`rate limits of a share link's forms (${engine})`, () => {
  let site: SpaceTestSite;
  let link: ShareView;
  beforeAll(async () => {
    const ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_MAIL_PER_MINUTE: '3', LECTERN_RATE_LIMIT_CODE_CHECKS_PER_MINUTE: '4', LECTERN_RATE_LIMIT_IP_PER_MINUTE: '5' } });
    site = await createSpaceTestSite('sharelimits', { ctx });
    const paper = (await site.upload(site.admin, 'Findings.pdf', PDF)).body;
    link = (await site.call<ShareView>('POST', `/api/space/items/${paper.id}/shares`, site.admin, { audience: 'recipients', recipients: ['eve@example.com'] })).body;
  });
  afterAll(() => site.ctx.close());
  afterEach(() => vi.useRealTimers());

  const form = (action: string, fields: Record<string, string>, remoteAddress: string) =>
    site.ctx.app.inject({
      method: 'POST',
      url: `${new URL(link.url).pathname}/${action}`,
      remoteAddress,
      headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${site.host}` },
      payload: new URLSearchParams(fields).toString(),
    });

  it('one address may ask for only a few codes a minute, whichever addresses it names', async () => {
    startOfAFreshMinute();
    const codes: number[] = [];
    for (let n = 0; n < 5; n++) codes.push((await form('code', { email: `guess${n}@example.com` }, '203.0.113.50')).statusCode);
    expect(codes.slice(0, 3).every((code) => code !== 429)).toBe(true);
    expect(codes.slice(3)).toEqual([429, 429]);
    const refused = await form('code', { email: 'eve@example.com' }, '203.0.113.50');
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await form('code', { email: 'eve@example.com' }, '203.0.113.51')).statusCode).not.toBe(429);
  });

  it('one address may try only a few codes a minute', async () => {
    startOfAFreshMinute();
    const codes: number[] = [];
    for (let n = 0; n < 6; n++) codes.push((await form('verify', { email: 'eve@example.com', code: String(100000 + n) }, '203.0.113.60')).statusCode);
    expect(codes.slice(0, 4).every((code) => code !== 429)).toBe(true);
    expect(codes.slice(4)).toEqual([429, 429]);
  });

  it("one address may open a shared course's player only as often as it may call the API", async () => {
    startOfAFreshMinute();
    const codes: number[] = [];
    // A PDF is no course: each opening is refused, but only after it was counted.
    for (let n = 0; n < 7; n++) codes.push((await site.ctx.app.inject({ method: 'POST', url: `${new URL(link.url).pathname}/player`, remoteAddress: '203.0.113.70', headers: { host: site.host } })).statusCode);
    expect(codes.slice(0, 5).every((code) => code !== 429)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429]);
  });
});
