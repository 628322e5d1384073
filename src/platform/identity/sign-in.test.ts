import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { tenants } from '../tenancy/tenancy.schema.js';
import { codeAt } from './mfa/totp.js';
import { createUser } from './users.service.js';

const STEP_MS = 30_000;

describe(`sign-in with a second factor (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let secret: string;
  let recoveryCodes: string[];
  let base: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    base = Math.floor(Date.now() / STEP_MS) * STEP_MS + STEP_MS + STEP_MS / 2;
    vi.setSystemTime(base);
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, cookie }, payload });
    secret = (await post('/api/me/mfa/setup', { password: PASSWORD })).json().secret;
    recoveryCodes = (await post('/api/me/mfa/enable', { code: codeAt(secret, Date.now()) })).json().recoveryCodes;
    vi.setSystemTime(base + STEP_MS);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await ctx.close();
  });

  const signIn = (extra: object = {}) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: acme.host }, payload: { email: acme.email, password: acme.password, ...extra } });

  it('asks for the code after a correct password, without starting a session', async () => {
    const res = await signIn();
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_MFA_REQUIRED');
    expect(res.cookies).toEqual([]);
  });

  it('a wrong password never reaches the code step', async () => {
    const res = await signIn({ password: 'Wrong-Password-9', code: codeAt(secret, Date.now()) });
    expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('signs in with password and code; the same code cannot be replayed', async () => {
    const code = codeAt(secret, Date.now());
    const ok = await signIn({ code });
    expect(ok.statusCode).toBe(200);
    expect(ok.cookies.find((c) => c.name === 'lectern_session')).toBeDefined();
    const replay = await signIn({ code });
    expect(replay.statusCode).toBe(403);
    expect(replay.json().error.code).toBe('MFA_CODE_INVALID');
    expect(replay.cookies).toEqual([]);
  });

  it('a recovery code works once', async () => {
    const code = recoveryCodes[0]!;
    expect((await signIn({ recoveryCode: code })).statusCode).toBe(200);
    expect((await signIn({ recoveryCode: code })).json().error.code).toBe('MFA_CODE_INVALID');
  });

  it('the audit event of a sign-in names the factors it was made with', async () => {
    const learner = await createUser(ctx.db, acme.tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'L', roles: ['learner'], password: PASSWORD });
    await signInCookie(ctx.app, acme.host, 'lea@acme.test', PASSWORD);
    vi.setSystemTime(Date.now() + STEP_MS);
    expect((await signIn({ code: codeAt(secret, Date.now()) })).statusCode).toBe(200);
    expect((await signIn({ recoveryCode: recoveryCodes[1]! })).statusCode).toBe(200);

    const factorsOf = async (userId: string) =>
      (
        await ctx.db.withTenant(acme.tenant.id, (tx) =>
          queryRows<{ factors: string }>(
            tx,
            sql`select details->>'factors' as factors from audit_events where action = 'auth.sign_in.succeeded' and actor_user_id = ${userId} order by id`,
          ),
        )
      ).map((e) => e.factors);
    expect(await factorsOf(learner.id)).toEqual(['password']);
    const adminId = (await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ id: string }>(tx, sql`select id from users where email = ${acme.email}`)))[0]!.id;
    expect((await factorsOf(adminId)).slice(-2)).toEqual(['password+totp', 'password+recovery_code']);
  });

  it('audit events of a sign-in, failed or not, name the request that made them (its x-request-id)', async () => {
    const failed = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: acme.host }, payload: { email: 'nobody@acme.test', password: 'Wrong-Password-1' } });
    expect(failed.statusCode).toBe(401);
    vi.setSystemTime(Date.now() + STEP_MS);
    const succeeded = await signIn({ code: codeAt(secret, Date.now()) });
    expect(succeeded.statusCode).toBe(200);
    const requestIdOf = async (action: string, requestId: unknown) =>
      ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ id: string }>(tx, sql`select id from audit_events where action = ${action} and request_id = ${String(requestId)}`));
    expect(await requestIdOf('auth.sign_in.failed', failed.headers['x-request-id'])).toHaveLength(1);
    expect(await requestIdOf('auth.sign_in.succeeded', succeeded.headers['x-request-id'])).toHaveLength(1);
  });

  it('refuses malformed codes with the field named', async () => {
    const res = await signIn({ code: '12ab56' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('code');
  });

  it('when the site requires MFA of administrators, one without it may sign in but not administer until set up', async () => {
    const other = await createTenantWithUser(ctx.db, 'strict');
    await ctx.db.owner
      .update(tenants)
      .set({ settings: { security: { requireMfaFor: ['admin'] } } })
      .where(sql`${tenants.id} = ${other.tenant.id}`);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host: other.host },
      payload: { email: other.email, password: other.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mfaEnrolmentRequired).toBe(true);
    const cookie = `lectern_session=${res.cookies.find((c) => c.name === 'lectern_session')!.value}`;
    const admin = await ctx.app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: other.host, cookie } });
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error.code).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    const setup = await ctx.app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers: { host: other.host, cookie }, payload: { password: other.password } });
    expect(setup.statusCode).toBe(200);
    const enable = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/mfa/enable',
      headers: { host: other.host, cookie },
      payload: { code: codeAt(setup.json().secret, Date.now()) },
    });
    expect(enable.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/users', headers: { host: other.host, cookie } })).statusCode).toBe(200);
  });
  it('until then such an administrator has no administrator powers on routes open to everyone either', async () => {
    // An administrator who also learns: with a role left, routes open to everyone still answer.
    const other = await createTenantWithUser(ctx.db, 'strict-read', { roles: ['admin', 'learner'] });
    const learner = await createUser(ctx.db, other.tenant.id, { email: 'lea@strict-read.test', firstName: 'Lea', lastName: 'L', roles: ['learner'], password: PASSWORD });
    await ctx.db.owner
      .update(tenants)
      .set({ settings: { security: { requireMfaFor: ['admin'] } } })
      .where(sql`${tenants.id} = ${other.tenant.id}`);
    const cookie = await signInCookie(ctx.app, other.host, other.email, other.password);
    const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { host: other.host, cookie } });
    const me = (await get('/api/auth/session')).json().user;
    expect(me.roles).toEqual(['admin', 'learner']);
    expect((await get(`/api/users/${me.id}`)).statusCode).toBe(200);
    const someoneElse = await get(`/api/users/${learner.id}`);
    expect(someoneElse.statusCode).toBe(403);
    expect(someoneElse.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('a site can require two-factor sign-in of learners: one without it may sign in and set it up, and nothing else until then', async () => {
    const site = await createTenantWithUser(ctx.db, 'strict-learners');
    await createUser(ctx.db, site.tenant.id, { email: 'lea@strict-learners.test', firstName: 'Lea', lastName: 'L', roles: ['learner'], password: PASSWORD });
    await ctx.db.owner
      .update(tenants)
      .set({ settings: { security: { requireMfaFor: ['learner'] } } })
      .where(sql`${tenants.id} = ${site.tenant.id}`);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host: site.host },
      payload: { email: 'lea@strict-learners.test', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mfaEnrolmentRequired).toBe(true);
    const cookie = `lectern_session=${res.cookies.find((c) => c.name === 'lectern_session')!.value}`;
    const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { host: site.host, cookie } });
    const courses = await get('/api/learn/me/enrolments');
    expect(courses.statusCode).toBe(403);
    expect(courses.json().error.code).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    expect((await get('/api/auth/session')).statusCode).toBe(200);
    expect((await get('/api/me/mfa')).json()).toMatchObject({ requiredBySite: true, step: 'enrol' });
    // Seeing (and ending) one's own sessions and tokens stays possible meanwhile.
    expect((await get('/api/me/sessions')).statusCode).toBe(200);
    expect((await get('/api/me/tokens')).statusCode).toBe(200);
    const setup = await ctx.app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers: { host: site.host, cookie }, payload: { password: PASSWORD } });
    const enable = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/mfa/enable',
      headers: { host: site.host, cookie },
      payload: { code: codeAt(setup.json().secret, Date.now()) },
    });
    expect(enable.statusCode).toBe(200);
    expect((await get('/api/learn/me/enrolments')).statusCode).toBe(200);
    // The administrator, whose role the site does not list, is not asked.
    const admin = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: site.host }, payload: { email: site.email, password: PASSWORD } });
    expect(admin.json().mfaEnrolmentRequired).toBeUndefined();
  });

  it('a listed role is held back while the roles the site does not list keep working', async () => {
    const site = await createTenantWithUser(ctx.db, 'strict-managers');
    await createUser(ctx.db, site.tenant.id, { email: 'max@strict-managers.test', firstName: 'Max', lastName: 'M', roles: ['manager', 'learner'], password: PASSWORD });
    await ctx.db.owner
      .update(tenants)
      .set({ settings: { security: { requireMfaFor: ['manager'] } } })
      .where(sql`${tenants.id} = ${site.tenant.id}`);
    const cookie = await signInCookie(ctx.app, site.host, 'max@strict-managers.test', PASSWORD);
    const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { host: site.host, cookie } });
    const reports = await get('/api/learn/reports/courses');
    expect(reports.statusCode).toBe(403);
    expect(reports.json().error.code).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    expect((await get('/api/learn/me/enrolments')).statusCode).toBe(200);
  });
});
