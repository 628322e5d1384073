import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { auditEvents } from '../audit/audit.schema.js';
import { queryRows } from '../db/client.js';
import { tenants } from '../tenancy/tenancy.schema.js';
import { sessions } from './identity.schema.js';
import { forgetAllSessions } from './session-cache.js';
import { createUser } from './users.service.js';

describe(`sessions: timeouts, listing, ending (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  const learner = { email: 'lea@acme.test', password: 'Quiet-Meadow-42' };
  let learnerId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    learnerId = (await createUser(ctx.db, acme.tenant.id, { ...learner, firstName: 'Lea', lastName: 'Learner', roles: ['learner'] })).id;
  });
  afterAll(() => ctx.close());

  const get = (url: string, cookie: string) => ctx.app.inject({ method: 'GET', url, headers: { host: acme.host, cookie } });
  const send = (method: 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { host: acme.host, cookie }, ...(payload || method === 'POST' ? { payload: payload ?? {} } : {}) });
  /** Ending one's own sessions asks for the password again. */
  const confirmed = { currentPassword: learner.password };

  it('tells when the session ends, without that question counting as activity', async () => {
    const cookie = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(sessions).set({ lastSeenAt: new Date(Date.now() - 5 * 60_000) }));
    const status = await get('/api/auth/session/status', cookie);
    expect(status.statusCode).toBe(200);
    const body = status.json();
    expect(body.idleTimeoutSeconds).toBe(1200);
    const idleLeft = new Date(body.idleExpiresAt).getTime() - Date.now();
    expect(idleLeft).toBeGreaterThan(14 * 60_000);
    expect(idleLeft).toBeLessThan(15 * 60_000 + 1000);

    const kept = (await send('POST', '/api/auth/session/keep-alive', cookie)).json();
    expect(new Date(kept.idleExpiresAt).getTime() - Date.now()).toBeGreaterThan(19 * 60_000);
  });

  it("follows the tenant's inactivity timeout", async () => {
    await ctx.db.owner.update(tenants).set({ settings: { session: { idleMinutes: 5, absoluteHours: 1 } } }).where(sql`${tenants.id} = ${acme.tenant.id}`);
    const other = await createTestApp({ db: ctx.db });
    try {
      const cookie = await signInCookie(other.app, acme.host, learner.email, learner.password);
      const status = (await other.app.inject({ method: 'GET', url: '/api/auth/session/status', headers: { host: acme.host, cookie } })).json();
      expect(status.idleTimeoutSeconds).toBe(300);
      expect(new Date(status.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
      await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(sessions).set({ lastSeenAt: new Date(Date.now() - 6 * 60_000) }));
      forgetAllSessions(); // the row was changed behind the application's back
      const res = await other.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });
      expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    } finally {
      await other.app.close();
      await ctx.db.owner.update(tenants).set({ settings: {} }).where(sql`${tenants.id} = ${acme.tenant.id}`);
    }
  });

  it('users list their sessions and end one or all others', async () => {
    const first = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const second = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const list = (await get('/api/me/sessions', second)).json();
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const firstEntry = list.find((s: { current: boolean }) => !s.current);

    const ended = await send('DELETE', `/api/me/sessions/${firstEntry.id}`, second, confirmed);
    expect(ended.statusCode).toBe(204);
    expect((await get('/api/auth/session', first)).statusCode).toBe(401);

    const third = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const others = (await send('POST', '/api/me/sessions/end-others', second, confirmed)).json();
    expect(others.ended).toBeGreaterThanOrEqual(1);
    expect((await get('/api/auth/session', third)).statusCode).toBe(401);
    expect((await get('/api/auth/session', second)).statusCode).toBe(200);
  });

  it('ending one of one\'s own sessions, or all others, asks for the password again; a wrong one ends nothing and is audited', async () => {
    const here = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const there = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const thereId = (await get('/api/me/sessions', here)).json().find((s: { current: boolean }) => !s.current).id;

    for (const [method, url] of [['DELETE', `/api/me/sessions/${thereId}`], ['POST', '/api/me/sessions/end-others']] as const) {
      const missing = await send(method, url, here, {});
      expect(missing.statusCode, url).toBe(400);
      expect(missing.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['currentPassword']);
      const wrong = await send(method, url, here, { currentPassword: 'Wrong-Meadow-1' });
      expect(wrong.statusCode, url).toBe(400);
      expect(wrong.json().error).toMatchObject({ code: 'AUTH_CURRENT_PASSWORD_WRONG', fields: [{ field: 'currentPassword' }] });
    }
    expect((await get('/api/auth/session', there)).statusCode).toBe(200);
    const failures = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${auditEvents} where action = 'auth.password_confirmation.failed' and details->>'purpose' = 'session_end' and actor_user_id = ${learnerId}`,
      ),
    );
    expect(failures[0]?.n).toBe(2);

    expect((await send('DELETE', `/api/me/sessions/${thereId}`, here, confirmed)).statusCode).toBe(204);
    expect((await get('/api/auth/session', there)).statusCode).toBe(401);
  });

  it("a user cannot end someone else's session by its id", async () => {
    const adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const adminSessions = (await get('/api/me/sessions', adminCookie)).json();
    const learnerCookie = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const res = await send('DELETE', `/api/me/sessions/${adminSessions[0].id}`, learnerCookie, confirmed);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('SESSION_NOT_FOUND');
    expect((await get('/api/auth/session', adminCookie)).statusCode).toBe(200);
  });

  it("administrators see and end anyone's sessions; learners may not", async () => {
    const learnerCookie = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const seen = (await get(`/api/admin/users/${learnerId}/sessions`, adminCookie)).json();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect((await get(`/api/admin/users/${learnerId}/sessions`, learnerCookie)).statusCode).toBe(403);

    const one = await send('DELETE', `/api/admin/users/${learnerId}/sessions/${seen[0].id}`, adminCookie);
    expect(one.statusCode).toBe(204);
    const all = (await send('DELETE', `/api/admin/users/${learnerId}/sessions`, adminCookie)).json();
    expect(all.ended).toBeGreaterThanOrEqual(0);
    expect((await get('/api/auth/session', learnerCookie)).statusCode).toBe(401);

    const events = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ action: string; actor_ip: string }>(
        tx,
        sql`select action, actor_ip from ${auditEvents} where action in ('session.ended', 'session.ended_all') order by id`,
      ),
    );
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['session.ended', 'session.ended_all']));
    expect(events.every((e) => e.actor_ip)).toBe(true);
  });

  it('signing in ends the session whose cookie came with the sign-in, whoever it belonged to', async () => {
    const before = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const signInWith = (cookie: string, email: string, password: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: acme.host, cookie }, payload: { email, password } });

    const again = await signInWith(before, learner.email, learner.password);
    expect(again.statusCode).toBe(200);
    const after = `lectern_session=${again.cookies.find((c) => c.name === 'lectern_session')!.value}`;
    expect(after).not.toBe(before);
    expect((await get('/api/auth/session', before)).statusCode).toBe(401);
    expect((await get('/api/auth/session', after)).statusCode).toBe(200);

    // Another person signing in on the same browser ends the first person's session too.
    const admin = await signInWith(after, acme.email, acme.password);
    expect(admin.statusCode).toBe(200);
    expect((await get('/api/auth/session', after)).statusCode).toBe(401);

    // A failed sign-in ends nothing.
    const kept = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    expect((await signInWith(kept, learner.email, 'Wrong-Meadow-1')).statusCode).toBe(401);
    expect((await get('/api/auth/session', kept)).statusCode).toBe(200);

    const replaced = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${auditEvents} where action = 'auth.sign_out' and details->>'reason' = 'signed_in_again' and actor_user_id = ${learnerId}`),
    );
    expect(replaced[0]?.n).toBe(2);
  });

  it('administrators end every session of their site at once, keeping their own; other sites and learners cannot', async () => {
    const learnerCookie = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const otherAdmin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const elsewhere = await createTenantWithUser(ctx.db, 'elsewhere');
    const elsewhereCookie = await signInCookie(ctx.app, elsewhere.host, elsewhere.email, elsewhere.password);

    const refused = await send('POST', '/api/admin/sessions/end-all', learnerCookie);
    expect(refused.statusCode).toBe(403);
    expect((await get('/api/auth/session', adminCookie)).statusCode).toBe(200);

    const res = await send('POST', '/api/admin/sessions/end-all', adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().ended).toBeGreaterThanOrEqual(2);
    for (const ended of [learnerCookie, otherAdmin]) expect((await get('/api/auth/session', ended)).statusCode).toBe(401);
    expect((await get('/api/auth/session', adminCookie)).statusCode).toBe(200);
    expect((await get('/api/me/sessions', adminCookie)).json()).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: elsewhere.host, cookie: elsewhereCookie } })).statusCode).toBe(200);

    const [event] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ actor_ip: string; target_type: string; count: number }>(
        tx,
        sql`select actor_ip, target_type, (details->>'count')::int as count from ${auditEvents} where action = 'session.ended_all_of_site'`,
      ),
    );
    expect(event).toMatchObject({ target_type: 'tenant', count: res.json().ended });
    expect(event?.actor_ip).toBeTruthy();
  });

  it('sign-in success and failure, and sign-out, are security events with IP and user agent', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host: acme.host, 'user-agent': 'AuditTest/1.0' },
      payload: { email: 'ghost@acme.test', password: 'Whatever-123' },
    });
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    await send('POST', '/api/auth/sign-out', cookie);
    const events = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ action: string; target_id: string; user_agent: string | null; actor_ip: string }>(
        tx,
        sql`select action, target_id, user_agent, actor_ip from ${auditEvents} order by id`,
      ),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'auth.sign_in.failed', target_id: 'ghost@acme.test', user_agent: 'AuditTest/1.0' }),
    );
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.sign_in.succeeded', 'auth.sign_out']));
  });

  it('a form a foreign site could submit cannot end sessions (CSRF)', async () => {
    const victim = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    const other = await signInCookie(ctx.app, acme.host, learner.email, learner.password);
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/sessions/end-others',
        headers: { host: acme.host, cookie: victim, 'content-type': contentType },
        payload: 'a=b',
      });
      expect(res.statusCode, contentType).toBe(415);
    }
    const withOrigin = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/sessions/end-others',
      headers: { host: acme.host, cookie: victim, origin: 'https://attacker.example' },
      payload: {},
    });
    expect(withOrigin.json().error.code).toBe('AUTH_CROSS_ORIGIN');
    expect((await get('/api/auth/session', other)).statusCode).toBe(200);
  });
});
