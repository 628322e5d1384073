import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { auditEvents } from '../audit/audit.schema.js';
import { jobs } from '../jobs/jobs.schema.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { userTokens } from './identity.schema.js';
import { createUser } from './users.service.js';
import { findTenantById } from '../tenancy/tenants.repository.js';
import { inviteUser, resendInvitation } from './invitations.service.js';
import { sendPasswordResetByAdmin } from './password-reset.service.js';

const PASSWORD = 'Fresh-Start-2024';
const ADMIN_PASSWORD = 'Correct-Horse-9';

/** The token of a link the site handed out, from its fragment. */
function tokenOf(link: string): string {
  return decodeURIComponent(new URL(link).hash.replace(/^#token=/, ''));
}

describe(`invitations and password resets without a mail server (${engine})`, () => {
  let ctx: TestContext;
  let tenantId: string;
  let adminId: string;
  let adminCookie: string;
  // The site's configured (primary) address is learn.site.test; requests below come in on its alias.
  const host = 'alias.site.test';

  const post = (url: string, payload: object, cookie?: string) =>
    ctx.app.inject({ method: 'POST', url, headers: { host, ...(cookie ? { cookie } : {}) }, payload });
  const invite = (email: string, cookie = adminCookie) => post('/api/admin/users', { email, firstName: 'Ivo', lastName: 'Invitee', roles: ['learner'] }, cookie);
  const accept = (link: string, password = PASSWORD) => post('/api/auth/invitation/accept', { token: tokenOf(link), password });
  const signIn = (email: string, password = PASSWORD) => post('/api/auth/sign-in', { email, password });
  const listed = async (q: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/admin/users?q=${encodeURIComponent(q)}`, headers: { host, cookie: adminCookie } });
    return res.json().users[0];
  };
  const auditOf = (userId: string) =>
    ctx.db.withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.targetId, userId)).orderBy(auditEvents.id));
  const mailsTo = (address: string) => ctx.db.owner.select().from(jobs).where(sql`${jobs.payload}->>'to' = ${address}`);

  beforeAll(async () => {
    ctx = await createTestApp();
    const tenant = await createTenant(ctx.db, { slug: 'site', name: 'Site', hostnames: ['learn.site.test', host] });
    tenantId = tenant.id;
    adminId = (await createUser(ctx.db, tenantId, { email: 'admin@site.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: ADMIN_PASSWORD })).id;
    adminCookie = await signInCookie(ctx.app, host, 'admin@site.test', ADMIN_PASSWORD);
  });
  afterAll(() => ctx.close());

  it('an invitation answers with the link on the configured address, queues no mail, and shows pending until accepted', async () => {
    const res = await invite('ivo@site.test');
    expect(res.statusCode).toBe(201);
    const answer = res.json();
    expect(answer).toMatchObject({ email: 'ivo@site.test', status: 'active', invitation: 'pending', mail: 'off' });
    // The site's primary address, not the Host the administrator used.
    expect(answer.link).toMatch(/^http:\/\/learn\.site\.test:3000\/accept-invitation#token=[A-Za-z0-9_-]{43}$/);
    expect(await mailsTo('ivo@site.test')).toEqual([]);
    expect(await listed('ivo@site.test')).toMatchObject({ status: 'active', invitation: 'pending' });
    // The page learns that mail is off before anyone is invited.
    const list = await ctx.app.inject({ method: 'GET', url: '/api/admin/users', headers: { host, cookie: adminCookie } });
    expect(list.json().mailConfigured).toBe(false);
    // A user given a password another way has no invitation state.
    expect(await listed('admin@site.test')).toMatchObject({ status: 'active', invitation: null });

    expect((await accept(answer.link)).statusCode).toBe(204);
    expect((await signIn('ivo@site.test')).statusCode).toBe(200);
    expect(await listed('ivo@site.test')).toMatchObject({ status: 'active', invitation: 'accepted' });
    const audit = (await auditOf(answer.id)).filter((a) => a.action.startsWith('user.'));
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['user.created', { email: 'ivo@site.test', roles: ['learner'] }],
      ['user.invited', { email: 'ivo@site.test', mail: 'off' }],
      ['user.invitation_accepted', {}],
    ]);
  });

  it('an expired invitation shows as expired; resending gives a new link, the old one stops working, and it is audited', async () => {
    const first = (await invite('late@site.test')).json();
    await ctx.db.withTenant(tenantId, (tx) =>
      tx.update(userTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(userTokens.userId, first.id)),
    );
    expect(await listed('late@site.test')).toMatchObject({ invitation: 'expired' });
    const filtered = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?invitation=expired', headers: { host, cookie: adminCookie } });
    expect(filtered.json().users.map((u: { email: string }) => u.email)).toEqual(['late@site.test']);

    const resent = await post(`/api/admin/users/${first.id}/invitation`, {}, adminCookie);
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toEqual({ mail: 'off', link: expect.stringMatching(/^http:\/\/learn\.site\.test:3000\/accept-invitation#token=/) });
    expect(resent.json().link).not.toBe(first.link);
    expect(await listed('late@site.test')).toMatchObject({ invitation: 'pending' });

    // A second resend replaces the first resent link too.
    const again = (await post(`/api/admin/users/${first.id}/invitation`, {}, adminCookie)).json();
    for (const old of [first.link, resent.json().link]) {
      const refused = await accept(old);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    }
    expect((await accept(again.link)).statusCode).toBe(204);
    const actions = (await auditOf(first.id)).map((a) => [a.action, a.actorUserId]).filter(([action]) => action?.startsWith('user.invit'));
    expect(actions).toEqual([
      ['user.invited', adminId],
      ['user.invitation_resent', adminId],
      ['user.invitation_resent', adminId],
      ['user.invitation_accepted', first.id],
    ]);
  });

  it('resending is refused for a user with a password, a deactivated user, an unknown user, and anyone but an administrator', async () => {
    const withPassword = await post(`/api/admin/users/${adminId}/invitation`, {}, adminCookie);
    expect(withPassword.statusCode).toBe(409);
    expect(withPassword.json().error.code).toBe('USER_HAS_PASSWORD');

    const gone = (await invite('gone@site.test')).json();
    expect((await post(`/api/admin/users/${gone.id}/deactivate`, {}, adminCookie)).json()).toMatchObject({ status: 'deactivated', invitation: 'expired' });
    const deactivated = await post(`/api/admin/users/${gone.id}/invitation`, {}, adminCookie);
    expect(deactivated.statusCode).toBe(409);
    expect(deactivated.json().error.code).toBe('USER_DEACTIVATED');

    const unknown = await post('/api/admin/users/00000000-0000-4000-8000-000000000000/invitation', {}, adminCookie);
    expect(unknown.statusCode).toBe(404);

    await createUser(ctx.db, tenantId, { email: 'manny@site.test', firstName: 'Manny', lastName: 'Manager', roles: ['manager'], password: PASSWORD });
    const manager = await signInCookie(ctx.app, host, 'manny@site.test', PASSWORD);
    const pending = (await invite('wait@site.test')).json();
    for (const path of ['invitation', 'password-reset']) {
      const res = await post(`/api/admin/users/${pending.id}/${path}`, {}, manager);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('#token=');
      expect((await post(`/api/admin/users/${pending.id}/${path}`, {})).statusCode).toBe(401);
    }
    // Nothing was issued by the refused requests: the first link still works.
    expect((await accept(pending.link)).statusCode).toBe(204);
  });

  it("an administrator's password reset hands over the link; the user's sessions last until they set the new password", async () => {
    const user = await createUser(ctx.db, tenantId, { email: 'rita@site.test', firstName: 'Rita', lastName: 'Reset', roles: ['learner'], password: PASSWORD });
    const session = await signInCookie(ctx.app, host, 'rita@site.test', PASSWORD);
    const me = () => ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host, cookie: session } });

    const res = await post(`/api/admin/users/${user.id}/password-reset`, {}, adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ mail: 'off', link: expect.stringMatching(/^http:\/\/learn\.site\.test:3000\/reset-password#token=[A-Za-z0-9_-]{43}$/) });
    expect(await mailsTo('rita@site.test')).toEqual([]);
    // Until the link is used nothing changes for the user.
    expect((await me()).statusCode).toBe(200);
    expect((await signIn('rita@site.test')).statusCode).toBe(200);

    const complete = await post('/api/auth/password-reset/complete', { token: tokenOf(res.json().link), password: 'Brand-New-Pass-77' });
    expect(complete.statusCode).toBe(204);
    expect((await me()).statusCode).toBe(401);
    expect((await signIn('rita@site.test', 'Brand-New-Pass-77')).statusCode).toBe(200);
    const audit = (await auditOf(user.id)).filter((a) => a.action.startsWith('user.password'));
    expect(audit.map((a) => [a.action, a.actorUserId, a.details])).toEqual([
      ['user.password_reset_sent', adminId, { mail: 'off' }],
      ['user.password_reset', user.id, { sessionsEnded: 2 }],
    ]);
  });

  it('a password reset is refused for an invitee who has no password yet (resend the invitation instead)', async () => {
    const invitee = (await invite('nopass@site.test')).json();
    const res = await post(`/api/admin/users/${invitee.id}/password-reset`, {}, adminCookie);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('USER_HAS_NO_PASSWORD');
  });

  it('the use cases that hand out links refuse a non-administrator themselves, whoever calls them', async () => {
    const manager = await createUser(ctx.db, tenantId, { email: 'mona@site.test', firstName: 'Mona', lastName: 'Manager', roles: ['manager'], password: ADMIN_PASSWORD });
    const tenant = (await findTenantById(ctx.db.owner, tenantId))!;
    const context = { tenant, siteUrl: 'https://learn.site.test', ip: '198.51.100.1', userAgent: null, mailConfigured: false };
    await expect(resendInvitation(ctx.db, context as never, manager, adminId)).rejects.toThrow(expect.objectContaining({ code: 'AUTH_FORBIDDEN' }));
    await expect(sendPasswordResetByAdmin(ctx.db, context as never, manager, adminId)).rejects.toThrow(expect.objectContaining({ code: 'AUTH_FORBIDDEN' }));
    await expect(inviteUser(ctx.db, context as never, manager, { email: 'x@site.test', firstName: 'X', lastName: 'Y', roles: ['admin'] })).rejects.toThrow(
      expect.objectContaining({ code: 'AUTH_FORBIDDEN' }),
    );
  });
});

