import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, tokenFromMail, type TestSmtpServer } from '../../../test/smtp-server.js';
import { auditEvents } from '../audit/audit.schema.js';
import type { JobWorker } from '../jobs/job-worker.js';
import { jobs } from '../jobs/jobs.schema.js';
import { userTokens } from './identity.schema.js';
import { issueUserToken } from './user-tokens.service.js';
import { createUser } from './users.service.js';

const PASSWORD = 'Fresh-Start-2024';

describe(`invitations and deactivation (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let worker: JobWorker;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  let adminId: string;

  const post = (url: string, payload: object, cookie?: string) =>
    ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, ...(cookie ? { cookie } : {}) }, payload });
  const invite = (payload: object, cookie = adminCookie) => post('/api/admin/users', payload, cookie);
  const accept = (token: string, password: string) => post('/api/auth/invitation/accept', { token, password });
  const signIn = (email: string, password: string) => post('/api/auth/sign-in', { email, password });
  const session = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: smtpEnv(smtp) });
    acme = await createTenantWithUser(ctx.db, 'acme');
    adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    adminId = (await session(adminCookie)).json().user.id;
    worker = startMailWorker(ctx.db, smtp);
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  describe('invitations', () => {
    it('an administrator creates a user who gets an invitation link, chooses a password and can then sign in', async () => {
      const res = await invite({ email: 'Nina@Acme.test', firstName: 'Nina', lastName: 'New', roles: ['instructor'] });
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(user).toEqual({
        id: expect.any(String),
        email: 'Nina@Acme.test',
        firstName: 'Nina',
        lastName: 'New',
        roles: ['instructor'],
        status: 'active',
        invitation: 'pending',
        // Mail is on: the link goes only by mail, never in the answer.
        mail: 'queued',
      });
      // No password yet: nothing signs in.
      expect((await signIn('nina@acme.test', PASSWORD)).statusCode).toBe(401);

      const mail = await smtp.waitForMail(sentTo('Nina@Acme.test'));
      expect(mail.subject).toBe('Your invitation to ACME');
      expect(mail.text).toContain('Hello Nina,');
      expect(mail.text).toContain('7 days');
      const token = tokenFromMail(mail, '/accept-invitation');
      expect(mail.text).toContain(`http://acme.test:3000/accept-invitation#token=${token}`);
      // The token rides in the fragment, which no request (and so no log or Referer) carries.
      expect(mail.text).not.toContain('?token=');

      expect((await accept(token, PASSWORD)).statusCode).toBe(204);
      const signedIn = await signIn('nina@acme.test', PASSWORD);
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json().user.roles).toEqual(['instructor']);

      const reused = await accept(token, 'Other-Pass-123');
      expect(reused.statusCode).toBe(400);
      expect(reused.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');

      const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.select().from(auditEvents).where(eq(auditEvents.targetId, user.id)).orderBy(auditEvents.id),
      );
      const changes = audit.filter((a) => a.action.startsWith('user.'));
      expect(changes.map((a) => a.action)).toEqual(['user.created', 'user.invited', 'user.invitation_accepted']);
      expect(changes[0]).toMatchObject({ actorUserId: adminId, details: { email: 'Nina@Acme.test', roles: ['instructor'] } });
    });

    it('with mail on, a resent invitation and an administrator\'s password reset go by mail only; the old invitation link stops working', async () => {
      const created = await invite({ email: 'resend@acme.test', firstName: 'Remy', lastName: 'Resend', roles: ['learner'] });
      const first = tokenFromMail(await smtp.waitForMail(sentTo('resend@acme.test')), '/accept-invitation');
      const resent = await post(`/api/admin/users/${created.json().id}/invitation`, {}, adminCookie);
      expect(resent.statusCode).toBe(200);
      expect(resent.json()).toEqual({ mail: 'queued' });
      const list = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=resend', headers: { host: acme.host, cookie: adminCookie } });
      expect(list.json()).toMatchObject({ mailConfigured: true, users: [{ email: 'resend@acme.test', invitation: 'pending' }] });
      const second = tokenFromMail(await smtp.waitForMail((m) => sentTo('resend@acme.test')(m) && !m.text.includes(first)), '/accept-invitation');
      expect(second).not.toBe(first);
      expect((await accept(first, PASSWORD)).json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
      expect((await accept(second, PASSWORD)).statusCode).toBe(204);

      const reset = await post(`/api/admin/users/${created.json().id}/password-reset`, {}, adminCookie);
      expect(reset.statusCode).toBe(200);
      expect(reset.json()).toEqual({ mail: 'queued' });
      const resetToken = tokenFromMail(await smtp.waitForMail((m) => sentTo('resend@acme.test')(m) && m.text.includes('/reset-password')), '/reset-password');
      expect((await post('/api/auth/password-reset/complete', { token: resetToken, password: 'Another-Start-2025' })).statusCode).toBe(204);
      expect((await signIn('resend@acme.test', 'Another-Start-2025')).statusCode).toBe(200);
    });

    it('the invitation link is valid for 7 days and refused once expired', async () => {
      await invite({ email: 'late@acme.test', firstName: 'Lou', lastName: 'Late', roles: ['learner'] });
      const token = tokenFromMail(await smtp.waitForMail(sentTo('late@acme.test')), '/accept-invitation');
      const [row] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx
          .select({ days: sql<number>`round(extract(epoch from (expires_at - created_at)) / 86400)::int` })
          .from(userTokens)
          .where(eq(userTokens.purpose, 'invitation'))
          .orderBy(sql`${userTokens.createdAt} desc`)
          .limit(1),
      );
      expect(row?.days).toBe(7);
      await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.update(userTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(userTokens.purpose, 'invitation')),
      );
      const res = await accept(token, PASSWORD);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
      expect((await signIn('late@acme.test', PASSWORD)).statusCode).toBe(401);
    });

    it('the chosen password must meet the policy', async () => {
      await invite({ email: 'weak@acme.test', firstName: 'Wes', lastName: 'Weak', roles: ['learner'] });
      const token = tokenFromMail(await smtp.waitForMail(sentTo('weak@acme.test')), '/accept-invitation');
      const res = await accept(token, 'password');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('USER_PASSWORD_POLICY');
      expect((await accept(token, PASSWORD)).statusCode).toBe(204);
    });

    it("the chosen password may not contain the site's name or a role name", async () => {
      await invite({ email: 'cora@mail.test', firstName: 'Cora', lastName: 'Text', roles: ['learner'] });
      const token = tokenFromMail(await smtp.waitForMail(sentTo('cora@mail.test')), '/accept-invitation');
      for (const password of ['Acme-Rocket-77', 'Learner-Rocket-77']) {
        const res = await accept(token, password);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.fields.map((f: { message: string }) => f.message)).toEqual(['not containing the name of this site or of Lectern, or a role such as "admin"']);
      }
      expect((await accept(token, PASSWORD)).statusCode).toBe(204);
    });

    it('a taken address is refused and nothing is created or mailed', async () => {
      const res = await invite({ email: 'ADMIN@acme.test', firstName: 'Dup', lastName: 'Licate', roles: ['learner'] });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'USER_EMAIL_TAKEN', fields: [{ field: 'email' }] });
      const queued = await ctx.db.owner.select().from(jobs).where(sql`lower(${jobs.payload}->>'to') = 'admin@acme.test'`);
      expect(queued).toEqual([]);
    });

    it('bad input names the fields', async () => {
      const res = await invite({ email: 'not-an-address', firstName: '', lastName: 'X', roles: ['emperor'] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'firstName', 'roles.0']);
    });

    it('only administrators may invite', async () => {
      await createUser(ctx.db, acme.tenant.id, { email: 'manny@acme.test', firstName: 'M', lastName: 'M', roles: ['manager'], password: PASSWORD });
      const manager = await signInCookie(ctx.app, acme.host, 'manny@acme.test', PASSWORD);
      const res = await invite({ email: 'sneaky@acme.test', firstName: 'S', lastName: 'S', roles: ['admin'] }, manager);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
      const anonymous = await post('/api/admin/users', { email: 'sneaky@acme.test', firstName: 'S', lastName: 'S', roles: ['admin'] });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('deactivation', () => {
    let learnerId: string;
    beforeAll(async () => {
      const learner = await createUser(ctx.db, acme.tenant.id, {
        email: 'leo@acme.test',
        firstName: 'Leo',
        lastName: 'L',
        roles: ['learner'],
        password: PASSWORD,
      });
      learnerId = learner.id;
    });

    it("deactivating a user ends their open sessions at once and stops sign-in; reactivating lets them in again", async () => {
      const cookie = await signInCookie(ctx.app, acme.host, 'leo@acme.test', PASSWORD);
      expect((await session(cookie)).statusCode).toBe(200);

      const res = await post(`/api/admin/users/${learnerId}/deactivate`, {}, adminCookie);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: learnerId, status: 'deactivated' });
      const next = await session(cookie);
      expect(next.statusCode).toBe(401);
      expect(next.json().error.code).toBe('AUTH_SESSION_EXPIRED');
      expect((await signIn('leo@acme.test', PASSWORD)).statusCode).toBe(401);

      const back = await post(`/api/admin/users/${learnerId}/reactivate`, {}, adminCookie);
      expect(back.statusCode).toBe(200);
      expect(back.json().status).toBe('active');
      // The old session stays ended; a new sign-in works.
      expect((await session(cookie)).statusCode).toBe(401);
      expect((await signIn('leo@acme.test', PASSWORD)).statusCode).toBe(200);

      const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.select().from(auditEvents).where(eq(auditEvents.targetId, learnerId)).orderBy(auditEvents.id),
      );
      const changes = audit.filter((a) => a.action.startsWith('user.'));
      expect(changes.map((a) => [a.action, a.actorUserId, a.details])).toEqual([
        ['user.deactivated', adminId, { sessionsEnded: 1, tokensRevoked: 0, linksRevoked: 0 }],
        ['user.reactivated', adminId, {}],
      ]);
    });

    it('deactivating revokes API tokens and unused e-mailed links, and reactivating brings none of them back', async () => {
      const user = await createUser(ctx.db, acme.tenant.id, { email: 'tess@acme.test', firstName: 'Tess', lastName: 'T', roles: ['learner'], password: PASSWORD });
      const cookie = await signInCookie(ctx.app, acme.host, 'tess@acme.test', PASSWORD);
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/tokens',
        headers: { host: acme.host, cookie },
        payload: { name: 'Script', scopes: ['users:read'], currentPassword: PASSWORD },
      });
      const apiToken: string = created.json().token;
      const links = await ctx.db.withTenant(acme.tenant.id, async (tx) => ({
        reset: await issueUserToken(tx, user.id, 'password_reset'),
        emailChange: await issueUserToken(tx, user.id, 'email_change', 'tess.new@acme.test'),
      }));
      const invited = await invite({ email: 'ivy@acme.test', firstName: 'Ivy', lastName: 'I', roles: ['learner'] });
      const invitation = tokenFromMail(await smtp.waitForMail(sentTo('ivy@acme.test')), '/accept-invitation');
      const me = () => ctx.app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host, authorization: `Bearer ${apiToken}` } });
      expect((await me()).statusCode).toBe(200);

      const deactivated = await post(`/api/admin/users/${user.id}/deactivate`, {}, adminCookie);
      expect(deactivated.statusCode).toBe(200);
      expect((await post(`/api/admin/users/${invited.json().id}/deactivate`, {}, adminCookie)).statusCode).toBe(200);
      for (const id of [user.id, invited.json().id]) expect((await post(`/api/admin/users/${id}/reactivate`, {}, adminCookie)).statusCode).toBe(200);

      expect((await me()).json().error.code).toBe('AUTH_TOKEN_INVALID');
      const refusals = [
        await post('/api/auth/password-reset/complete', { token: links.reset, password: 'Another-Start-2025' }),
        await post('/api/auth/email-change/confirm', { token: links.emailChange }),
        await accept(invitation, PASSWORD),
      ];
      expect(refusals.map((r) => r.json().error.code)).toEqual(['AUTH_TOKEN_EXPIRED_OR_USED', 'AUTH_TOKEN_EXPIRED_OR_USED', 'AUTH_TOKEN_EXPIRED_OR_USED']);
      const [audit] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.select().from(auditEvents).where(sql`${auditEvents.action} = 'user.deactivated' and ${auditEvents.targetId} = ${user.id}`).orderBy(auditEvents.id),
      );
      expect(audit?.details).toEqual({ sessionsEnded: 1, tokensRevoked: 1, linksRevoked: 2 });
      // The user signs in again with the password they had.
      expect((await signIn('tess@acme.test', PASSWORD)).statusCode).toBe(200);
    });

    it('an administrator cannot deactivate themself', async () => {
      const res = await post(`/api/admin/users/${adminId}/deactivate`, {}, adminCookie);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('USER_CANNOT_DEACTIVATE_SELF');
      expect((await session(adminCookie)).statusCode).toBe(200);
    });

    it('a deactivated invitee cannot accept the invitation', async () => {
      const created = await invite({ email: 'gone@acme.test', firstName: 'Gus', lastName: 'Gone', roles: ['learner'] });
      const token = tokenFromMail(await smtp.waitForMail(sentTo('gone@acme.test')), '/accept-invitation');
      expect((await post(`/api/admin/users/${created.json().id}/deactivate`, {}, adminCookie)).statusCode).toBe(200);
      const res = await accept(token, PASSWORD);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
    });

    it('only administrators may deactivate; unknown users are 404', async () => {
      const learner = await signInCookie(ctx.app, acme.host, 'leo@acme.test', PASSWORD);
      const res = await post(`/api/admin/users/${adminId}/deactivate`, {}, learner);
      expect(res.statusCode).toBe(403);
      const unknown = await post('/api/admin/users/00000000-0000-4000-8000-000000000000/deactivate', {}, adminCookie);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('USER_NOT_FOUND');
      const malformed = await post('/api/admin/users/not-a-uuid/reactivate', {}, adminCookie);
      expect(malformed.statusCode).toBe(400);
    });

    it("an administrator cannot deactivate another site's user", async () => {
      const globex = await createTenantWithUser(ctx.db, 'globex');
      const globexAdmin = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/admin/users/${learnerId}/deactivate`,
        headers: { host: globex.host, cookie: globexAdmin },
        payload: {},
      });
      expect(res.statusCode).toBe(404);
      expect((await signIn('leo@acme.test', PASSWORD)).statusCode).toBe(200);
    });
  });

  it('a CSV import can invite every imported user, who then chooses a password', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/users/import?invite=true',
      headers: { host: acme.host, cookie: adminCookie, 'content-type': 'text/csv' },
      payload: 'email;Vorname;Nachname;Rollen\ncsv.one@acme.test;Cora;Eins;learner\ncsv.two@acme.test;Cai;Zwei;instructor\n',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(2);
    for (const address of ['csv.one@acme.test', 'csv.two@acme.test']) {
      const token = tokenFromMail(await smtp.waitForMail(sentTo(address)), '/accept-invitation');
      expect((await accept(token, PASSWORD)).statusCode).toBe(204);
      expect((await signIn(address, PASSWORD)).statusCode).toBe(200);
    }
  });
});
