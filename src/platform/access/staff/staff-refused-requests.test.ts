import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../../test/app.js';
import { queryRows } from '../../db/client.js';
import { expireDueGrants } from './staff-grants.service.js';
import { OPERATOR, staffHelpers } from './staff.test-support.js';

describe('a request with the session of an ended grant is refused and in the transparency log', () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  const staff = staffHelpers(() => ctx);

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
    adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
  });
  afterAll(() => ctx?.close());

  const refusals = (grantId: string) =>
    queryRows<{ actor_staff_id: string; method: string; path: string; why: string; actor_ip: string | null }>(
      ctx.db.owner,
      sql`select actor_staff_id, details->>'method' as method, details->>'path' as path, details->>'why' as why, actor_ip from audit_events where action = 'staff.request_refused' and staff_grant_id = ${grantId} order by id`,
    );
  type LogEntry = { action: string; grantId: string | null; staffEmail: string | null; method: string | null; path: string | null; status: number | null };
  const transparencyLog = async () => (await ctx.app.inject({ method: 'GET', url: '/api/admin/staff-access/log', headers: { host: acme.host, cookie: adminCookie } })).json() as LogEntry[];

  it('after revocation the next request answers 401 and one entry names the staff member and the grant', async () => {
    const { cookie, staffId } = await staff.signedInStaff('late@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'support_read');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    const revoke = await ctx.app.inject({ method: 'POST', url: `/api/admin/staff-access/grants/${grantId}/revoke`, headers: { host: acme.host, cookie: adminCookie }, payload: {} });
    expect(revoke.statusCode).toBe(204);

    const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=someone', headers: { host: acme.host, cookie: site } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'AUTH_SESSION_EXPIRED' } });
    expect(await refusals(grantId)).toEqual([{ actor_staff_id: staffId, method: 'GET', path: '/api/admin/users', why: 'grant_revoked', actor_ip: expect.any(String) }]);
    const entry = (await transparencyLog()).find((e) => e.action === 'staff.request_refused' && e.grantId === grantId);
    expect(entry).toMatchObject({ staffEmail: 'late@ops.test', method: 'GET', path: '/api/admin/users', status: 401 });

    // A write (an XHR of the admin console) is refused and logged the same way; nothing else is let through.
    const write = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: site }, payload: { session: { idleMinutes: 40 } } });
    expect(write.statusCode).toBe(401);
    expect((await refusals(grantId)).map((r) => r.method)).toEqual(['GET', 'PATCH']);
  });

  it('after expiry (before and after the expiry job ran) the request is refused and logged as of an expired grant', async () => {
    const { cookie } = await staff.signedInStaff('expired@ops.test');
    const grantId = await staff.grantFor(cookie, 'acme', 'admin');
    const site = await staff.enterSite(cookie, grantId, acme.host);
    await ctx.db.owner.execute(sql`update staff_grants set expires_at = now() - interval '1 second' where id = ${grantId}`);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: acme.host, cookie: site } })).statusCode).toBe(401);
    expect(await expireDueGrants(ctx.db)).toBeGreaterThanOrEqual(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/lrs/keys', headers: { host: acme.host, cookie: site } })).statusCode).toBe(401);
    expect((await refusals(grantId)).map((r) => [r.path, r.why])).toEqual([
      ['/api/admin/users', 'grant_expired'],
      ['/api/lrs/keys', 'grant_expired'],
    ]);
  });

  it('a made-up staff session id is refused without an entry (there is nobody to name)', async () => {
    const count = async () => (await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from audit_events where action = 'staff.request_refused'`))[0]!.n;
    const before = await count();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: acme.host, cookie: 'lectern_session=st.made-up' } });
    expect(res.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });
});
