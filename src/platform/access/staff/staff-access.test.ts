import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../../test/app.js';
import { queryRows } from '../../db/client.js';
import { databaseError } from '../../../../test/db-error.js';
import { codeAt } from '../../identity/mfa/totp.js';
import { secretBox } from '../../secrets/installed-secret-box.js';
import { addStaffMember, deactivateStaffMember } from './staff-accounts.js';
import { expireDueGrants } from './staff-grants.service.js';
import { findStaffByEmail } from './staff-members.repository.js';
import { cookieOf, OPERATOR, staffHelpers } from './staff.test-support.js';


describe('staff access: console, just-in-time grants, revocation, transparency', () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_OPERATOR_HOST: OPERATOR } });
    acme = await createTenantWithUser(ctx.db, 'acme');
    globex = await createTenantWithUser(ctx.db, 'globex');
    adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
  });
  afterAll(() => ctx?.close());

  const { consolePost, grantFor, enterSite } = staffHelpers(() => ctx);
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  /** A staff member signed in to the console with password and second factor. */
  async function signedInStaff(email: string): Promise<{ cookie: string; staffId: string }> {
    const { password, member } = await addStaffMember(ctx.db, { email, name: `Staff ${email}` });
    const signIn = await consolePost('/operator/sign-in', undefined, { email, password });
    expect(signIn.statusCode).toBe(303);
    const cookie = cookieOf(signIn, 'lectern_operator')!;
    // Before the second factor, the console shows nothing but the MFA step.
    expect((await ctx.app.inject({ method: 'GET', url: '/operator', headers: { host: OPERATOR, cookie } })).headers.location).toBe('/operator/mfa');
    const enrol = await ctx.app.inject({ method: 'GET', url: '/operator/mfa', headers: { host: OPERATOR, cookie } });
    const secret = /<code>([A-Z2-7]+)<\/code>/.exec(enrol.body)![1]!;
    expect((await consolePost('/operator/mfa', cookie, { code: '000000' })).statusCode).toBe(401);
    const verified = await consolePost('/operator/mfa', cookie, { code: codeAt(secret, Date.now()) });
    expect(verified.headers.location).toBe('/operator');
    return { cookie, staffId: member.id };
  }

  const get = (host: string, url: string, cookie: string) => ctx.app.inject({ method: 'GET', url, headers: { host, cookie } });

  it('the console answers only on its own host; staff hold no standing access to any site', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/operator/sign-in', headers: { host: acme.host } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/operator/sign-in', headers: { host: OPERATOR } })).statusCode).toBe(200);
    const { cookie } = await signedInStaff('nobody@ops.test');
    // The console cookie means nothing on a site, and without a grant there is no way in.
    expect((await get(acme.host, '/api/admin/users', cookie.replace('lectern_operator', 'lectern_session'))).statusCode).toBe(401);
    const page = await ctx.app.inject({ method: 'GET', url: '/operator', headers: { host: OPERATOR, cookie } });
    expect(page.body).toContain('no grant');
    // The platform's status page opens to signed-in staff on the console's host, from any address; to nobody else there.
    const status = (c?: string) => ctx.app.inject({ method: 'GET', url: '/operator/status', remoteAddress: '203.0.113.5', headers: { host: OPERATOR, ...(c ? { cookie: c } : {}) } });
    expect((await status(cookie)).statusCode).toBe(200);
    expect((await status()).statusCode).toBe(404);
  });

  it('a grant opens the site; revoking it refuses the very next request, and the tenant sees every request', async () => {
    const { cookie, staffId } = await signedInStaff('ada@ops.test');
    const grantId = await grantFor(cookie, 'acme', 'admin');
    const site = await enterSite(cookie, grantId, acme.host);
    expect((await get(acme.host, '/api/admin/users', site)).statusCode).toBe(200);
    // Staff are nobody's account: no token that would outlive the grant, no say over the site's approval rule.
    const token = await ctx.app.inject({ method: 'POST', url: '/api/me/tokens', headers: { host: acme.host, cookie: site }, payload: { name: 'x', scopes: ['courses:read'], expiresInDays: 30 } });
    expect(token.statusCode).toBe(403);
    expect(token.body).toContain('STAFF_NOT_A_USER');
    const loosen = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: site }, payload: { security: { staffAccessNeedsApproval: false } } });
    expect(loosen.statusCode).toBe(403);
    expect(loosen.body).toContain('STAFF_SITE_DECIDES');
    expect((await get(acme.host, '/api/me/permissions', site)).statusCode).toBe(200);
    // The site's own oversight stays with the site: retention of the trail, access reviews, people's data.
    const shorten = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: site }, payload: { security: { auditRetentionDays: 30 } } });
    expect(shorten.body).toContain('STAFF_SITE_DECIDES');
    const review = await ctx.app.inject({ method: 'POST', url: '/api/admin/access/reviews', headers: { host: acme.host, cookie: site }, payload: {} });
    expect(review.statusCode).toBe(403);
    expect((await get(acme.host, '/api/admin/privacy/requests', site)).statusCode).toBe(403);
    // What a staff member changes as the site's administrator is audited as the staff member, under the grant.
    const change = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: site }, payload: { session: { idleMinutes: 30 } } });
    expect(change.statusCode, change.body).toBe(200);
    const [audited] = await queryRows<{ actor_user_id: string | null; actor_staff_id: string; staff_grant_id: string }>(
      ctx.db.owner,
      sql`select actor_user_id, actor_staff_id, staff_grant_id from audit_events where action = 'tenant.settings_changed' and tenant_id = ${acme.tenant.id} order by id desc limit 1`,
    );
    expect(audited).toEqual({ actor_user_id: null, actor_staff_id: staffId, staff_grant_id: grantId });
    // What must name its author as one of the site's people (an upload) is refused clearly, and nothing is half-written.
    const upload = await ctx.app.inject({ method: 'POST', url: '/api/learn/package-uploads', headers: { host: acme.host, cookie: site }, payload: { fileName: 'course.zip', totalBytes: 1000 } });
    expect(upload.statusCode, upload.body).toBe(403);
    expect(upload.json()).toMatchObject({ error: { code: 'STAFF_NOT_A_PERSON' } });
    const [uploads] = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from package_uploads where tenant_id = ${acme.tenant.id}`);
    expect(uploads!.n).toBe(0);
    // The same session is nothing on another tenant's site.
    expect((await get(globex.host, '/api/admin/users', site)).statusCode).toBe(401);

    const revoke = await ctx.app.inject({ method: 'POST', url: `/api/admin/staff-access/grants/${grantId}/revoke`, headers: { host: acme.host, cookie: adminCookie }, payload: {} });
    expect(revoke.statusCode, revoke.body).toBe(204);
    expect((await get(acme.host, '/api/admin/users', site)).statusCode).toBe(401);

    const log = await get(acme.host, '/api/admin/staff-access/log', adminCookie);
    const entries = log.json() as { action: string; path: string | null; staffEmail: string | null; status: number | null }[];
    expect(entries.some((e) => e.action === 'staff.request' && e.path === '/api/admin/users' && e.status === 200 && e.staffEmail === 'ada@ops.test')).toBe(true);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['staff.grant_started', 'staff.session_started', 'staff.grant_revoked']));
    const grants = (await get(acme.host, '/api/admin/staff-access/grants', adminCookie)).json() as { id: string; status: string }[];
    expect(grants.find((g) => g.id === grantId)?.status).toBe('revoked');
  });

  it('read-only support can read but not change anything; a handover token works once and only on its site', async () => {
    const { cookie } = await signedInStaff('bert@ops.test');
    const grantId = await grantFor(cookie, 'acme', 'support_read');
    const page = await consolePost(`/operator/grants/${grantId}/open`, cookie);
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    const enter = (host: string) =>
      ctx.app.inject({ method: 'POST', url: '/staff-access/enter', headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ token }) });
    expect((await enter(globex.host)).statusCode).toBe(403);
    const first = await enter(acme.host);
    expect(first.statusCode).toBe(303);
    expect((await enter(acme.host)).statusCode).toBe(403);
    const site = cookieOf(first, 'lectern_session')!;
    expect((await get(acme.host, '/api/admin/users', site)).statusCode).toBe(200);
    const change = await ctx.app.inject({ method: 'POST', url: '/api/admin/users', headers: { host: acme.host, cookie: site }, payload: { email: 'new@acme.test', firstName: 'N', lastName: 'N' } });
    expect(change.statusCode).toBe(403);
    expect(change.body).toContain('STAFF_READ_ONLY');
    // Staff never decide about grants, not even with a running one.
    const selfApprove = await ctx.app.inject({ method: 'POST', url: `/api/admin/staff-access/grants/${grantId}/revoke`, headers: { host: acme.host, cookie: site }, payload: {} });
    expect(selfApprove.statusCode).toBe(403);
    const countRefusals = async () =>
      (await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from audit_events where action = 'auth.link_token.failed' and details->>'purpose' = 'staff_handover'`))[0]!.n;
    const refusals = await countRefusals();
    expect(refusals).toBeGreaterThanOrEqual(2);
    // An address that keeps posting made-up tokens is stopped after ten a minute, and stops adding audit entries.
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const guess = await ctx.app.inject({
        method: 'POST',
        url: '/staff-access/enter',
        remoteAddress: '203.0.113.9',
        headers: { host: acme.host, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ token: `made-up-${i}` }),
      });
      statuses.push(guess.statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses.slice(11)).toEqual([429, 429]);
    expect((await countRefusals()) - refusals).toBeLessThanOrEqual(11);
  });

  it('a site that asks for approval holds the grant until one of its admins approves; expiry ends it', async () => {
    const globexAdmin = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
    const setting = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: globex.host, cookie: globexAdmin }, payload: { security: { staffAccessNeedsApproval: true } } });
    expect(setting.statusCode, setting.body).toBe(200);
    const { cookie } = await signedInStaff('cleo@ops.test');
    const grantId = await grantFor(cookie, 'globex', 'admin');
    const [pending] = await queryRows<{ status: string }>(ctx.db.owner, sql`select status from staff_grants where id = ${grantId}`);
    expect(pending!.status).toBe('pending_approval');
    expect((await consolePost(`/operator/grants/${grantId}/open`, cookie)).statusCode).toBe(409);
    const notices = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from in_app_notifications where kind = 'access.staff_grant_pending' and tenant_id = ${globex.tenant.id}`);
    expect(notices[0]!.n).toBe(1);

    const approve = await ctx.app.inject({ method: 'POST', url: `/api/admin/staff-access/grants/${grantId}/approve`, headers: { host: globex.host, cookie: globexAdmin }, payload: {} });
    expect(approve.statusCode, approve.body).toBe(204);
    // Another tenant's admin cannot decide it: to them it does not exist.
    const foreign = await ctx.app.inject({ method: 'POST', url: `/api/admin/staff-access/grants/${grantId}/revoke`, headers: { host: acme.host, cookie: adminCookie }, payload: {} });
    expect(foreign.statusCode).toBe(404);

    const site = await enterSite(cookie, grantId, globex.host);
    expect((await get(globex.host, '/api/admin/users', site)).statusCode).toBe(200);
    await ctx.db.owner.execute(sql`update staff_grants set expires_at = now() - interval '1 second' where id = ${grantId}`);
    expect((await get(globex.host, '/api/admin/users', site)).statusCode).toBe(401);
    expect(await expireDueGrants(ctx.db)).toBeGreaterThanOrEqual(1);
    const [ended] = await queryRows<{ status: string }>(ctx.db.owner, sql`select status from staff_grants where id = ${grantId}`);
    expect(ended!.status).toBe('expired');
  });

  it('deactivating a staff member ends the console session and every grant at once', async () => {
    const { cookie } = await signedInStaff('dora@ops.test');
    const grantId = await grantFor(cookie, 'acme', 'admin');
    const site = await enterSite(cookie, grantId, acme.host);
    expect(await deactivateStaffMember(ctx.db, 'dora@ops.test')).toBe(1);
    expect((await get(acme.host, '/api/admin/users', site)).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/operator', headers: { host: OPERATOR, cookie } })).headers.location).toBe('/operator/sign-in');
    const staff = await findStaffByEmail(ctx.db.owner, 'dora@ops.test');
    expect(staff!.status).toBe('deactivated');
    expect(staff!.mfaSecret!.startsWith('sb1:') || staff!.mfaSecret!.includes(secretBox().keyId)).toBe(true);
  });

  it('bad grant requests are refused with the field named, and a tenant admin cannot create a grant', async () => {
    const { cookie } = await signedInStaff('emil@ops.test');
    const res = await consolePost('/operator/grants', cookie, { tenant: 'acme', scope: 'admin', reason: 'short', ticket: 'T-1', hours: '73' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Reason');
    const noSite = await consolePost('/operator/grants', cookie, { tenant: 'nope', scope: 'admin', reason: 'Long enough reason', ticket: 'T-1', hours: '4' });
    expect(noSite.statusCode).toBe(400);
    const asApp = await databaseError(
      ctx.db.withTenant(acme.tenant.id, (tx) => tx.execute(sql`insert into staff_grants (staff_id, scope, reason, ticket, duration_minutes, status) values (gen_random_uuid(), 'admin', 'x', 'y', 60, 'active')`)),
    );
    expect(asApp).toMatch(/permission denied/);
  });
});
