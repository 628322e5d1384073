import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { RefusalSummaries, type Refusal } from './refusal-summaries.js';

interface Row {
  action: string;
  actor_ip: string | null;
  actor_user_id: string | null;
  target_id: string | null;
  details: { reason: string; count: number; routes: string[]; origins?: string[]; subjects?: number; windowStart: string };
}

/**
 * Refusals that come in floods are audited as a count per subject and minute: a row per
 * refused request would let anyone fill a site's audit log.
 */
describe(`refusals in the audit log (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  // Rate limits low enough to reach; every test uses addresses of its own.
  const LIMITS = { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '30', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '20' };

  beforeAll(async () => {
    ctx = await createTestApp({ env: LIMITS });
    site = await createTenantWithUser(ctx.db, 'refusing');
  });
  afterAll(() => ctx.close());

  const rows = (tenant: Tenant, action: string) =>
    ctx.db.withTenant(tenant.id, (tx) => queryRows<Row>(tx, sql`select action, actor_ip, actor_user_id, target_id, details from audit_events where action = ${action} order by id`));
  /** Writes every summary, the minute in progress included. */
  const flushAll = () => ctx.app.refusals.flush(Number.POSITIVE_INFINITY);

  it('requests over the rate limit: one row per address and minute, with the count', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 75; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: '203.0.113.61', headers: { host: site.host } });
      statuses.push(res.statusCode);
    }
    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThanOrEqual(45);
    expect(await rows(site.tenant, 'guard.rate_limited')).toEqual([]);
    await flushAll();
    const written = await rows(site.tenant, 'guard.rate_limited');
    // A minute may end half-way through the loop: then there are two rows, together the refusals.
    expect(written.length).toBeLessThanOrEqual(2);
    expect(written.reduce((sum, row) => sum + row.details.count, 0)).toBe(refused);
    expect(written[0]).toMatchObject({ actor_ip: '203.0.113.61', target_id: 'ip:203.0.113.61', details: { reason: 'ip', routes: ['/api/auth/session'] } });
  });

  it("a signed-in user over the user limit: one row per user and minute, naming the user", async () => {
    const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    let refused = 0;
    for (let i = 0; i < 30; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', remoteAddress: `198.51.100.${i + 60}`, headers: { host: site.host, cookie } });
      if (res.statusCode === 429) refused++;
    }
    expect(refused).toBeGreaterThanOrEqual(10);
    await flushAll();
    const written = (await rows(site.tenant, 'guard.rate_limited')).filter((row) => row.details.reason === 'user');
    expect(written.reduce((sum, row) => sum + row.details.count, 0)).toBe(refused);
    expect(written[0]?.actor_user_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(written[0]?.target_id).toBe(`user:${written[0]?.actor_user_id}`);
  });

  it('cross-site requests: one row per address and minute, with the origins named', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/sign-out',
        remoteAddress: '203.0.113.62',
        headers: { host: site.host, origin: 'https://evil.example', 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(res.json().error.code).toBe('AUTH_CROSS_ORIGIN');
    }
    await flushAll();
    const written = await rows(site.tenant, 'http.cross_origin_refused');
    expect(written.reduce((sum, row) => sum + row.details.count, 0)).toBe(12);
    expect(written[0]).toMatchObject({ actor_ip: '203.0.113.62', details: { reason: 'origin', origins: ['https://evil.example'], routes: ['/api/auth/sign-out'] } });
  });

  describe('bounds', () => {
    const refusal = (subject: string, host = site.host): Refusal => ({ host, ip: '192.0.2.9', subject, reason: 'ip', route: '/api/x' });
    const minute = Date.UTC(2030, 0, 1, 12, 0, 0);

    it('writes a minute only once it is over, and nothing for a host of no site', async () => {
      const summaries = new RefusalSummaries(ctx.db, async (host) => (host === site.host ? site.tenant : undefined), ctx.app.log);
      summaries.note('rate_limited', refusal('ip:192.0.2.9'), minute + 1_000);
      summaries.note('rate_limited', refusal('ip:192.0.2.9', 'nowhere.test'), minute + 1_000);
      const before = (await rows(site.tenant, 'guard.rate_limited')).length;
      await summaries.flush(minute + 59_000);
      expect((await rows(site.tenant, 'guard.rate_limited')).length).toBe(before);
      await summaries.flush(minute + 60_000);
      const after = await rows(site.tenant, 'guard.rate_limited');
      expect(after.length).toBe(before + 1);
      expect(after.at(-1)?.details.windowStart).toBe(new Date(minute).toISOString());
      await summaries.stop();
    });

    it('past 100 addresses of one site in a minute, the rest share one row', async () => {
      const summaries = new RefusalSummaries(ctx.db, async () => site.tenant, ctx.app.log);
      const before = (await rows(site.tenant, 'guard.rate_limited')).length;
      for (let i = 0; i < 250; i++) for (let j = 0; j < 2; j++) summaries.note('rate_limited', refusal(`ip:10.0.${i >> 8}.${i & 255}`), minute + 2_000);
      await summaries.stop();
      const written = (await rows(site.tenant, 'guard.rate_limited')).slice(before);
      expect(written).toHaveLength(101);
      expect(written.at(-1)).toMatchObject({ target_id: '(others)', actor_ip: null, details: { count: 300, subjects: 150 } });
    });

    it('past 50 host names in a minute, refusals are not summarised (no look-up per made-up name)', async () => {
      const asked: string[] = [];
      const summaries = new RefusalSummaries(ctx.db, async (host) => void asked.push(host), ctx.app.log);
      for (let i = 0; i < 1_000; i++) summaries.note('cross_origin', refusal('ip:192.0.2.9', `h${i}.nowhere.test`), minute + 3_000);
      await summaries.stop();
      expect(asked).toHaveLength(50);
    });
  });
});
