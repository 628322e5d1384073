import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { countingDb } from '../../../test/counting-db.js';
import { createTestDb, engine } from '../../../test/db.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, tokenFromMail, type TestSmtpServer } from '../../../test/smtp-server.js';
import { auditEvents } from '../audit/audit.schema.js';
import type { JobWorker } from '../jobs/job-worker.js';
import { userTokens } from './identity.schema.js';
import { codeAt } from './mfa/totp.js';
import { createUser } from './users.service.js';

const OLD = 'Correct-Horse-9';
const NEW = 'Battery-Staple-42';

describe(`own password and e-mail address (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let worker: JobWorker;
  let counting: ReturnType<typeof countingDb>;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let n = 0;

  const post = (url: string, payload: object, cookie?: string) =>
    ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, ...(cookie ? { cookie } : {}) }, payload });
  const signIn = (email: string, password: string) => post('/api/auth/sign-in', { email, password });
  const session = (cookie: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });

  async function newUser(): Promise<{ email: string; id: string }> {
    const email = `user${++n}@acme.test`;
    const user = await createUser(ctx.db, acme.tenant.id, { email, firstName: 'Max', lastName: 'M', roles: ['learner'], password: OLD });
    return { email, id: user.id };
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const db = await createTestDb();
    counting = countingDb(db);
    ctx = await createTestApp({ env: smtpEnv(smtp), db: counting.db });
    acme = await createTenantWithUser(ctx.db, 'acme');
    // The worker's statements are not the requests': it uses the database unwrapped.
    worker = startMailWorker(db, smtp);
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  describe('changing the password', () => {
    it('gives this session a new id (a new cookie), ends the others, and sends a notice', async () => {
      const { email, id } = await newUser();
      const here = await signInCookie(ctx.app, acme.host, email, OLD);
      const elsewhere = await signInCookie(ctx.app, acme.host, email, OLD);
      const phone = await signInCookie(ctx.app, acme.host, email, OLD);

      const res = await post('/api/me/password', { currentPassword: OLD, newPassword: NEW }, here);
      expect(res.statusCode).toBe(204);
      const renewed = res.cookies.find((c) => c.name === 'lectern_session');
      expect(renewed?.value).toBeTruthy();
      expect(`lectern_session=${renewed!.value}`).not.toBe(here);
      expect(renewed).toMatchObject({ httpOnly: true, path: '/', sameSite: 'Lax' });
      expect((await session(`lectern_session=${renewed!.value}`)).statusCode).toBe(200);
      // The id the browser had before the change (and anyone who copied it) is signed out.
      expect((await session(here)).statusCode).toBe(401);
      for (const other of [elsewhere, phone]) {
        const next = await session(other);
        expect(next.statusCode).toBe(401);
        expect(next.json().error.code).toBe('AUTH_SESSION_EXPIRED');
      }
      expect((await signIn(email, OLD)).statusCode).toBe(401);
      expect((await signIn(email, NEW)).statusCode).toBe(200);

      const notice = await smtp.waitForMail(sentTo(email));
      expect(notice.subject).toBe('Your password for ACME was changed');
      expect(notice.text).toContain('http://acme.test:3000/reset-password');
      expect(notice.text).not.toContain('token=');

      const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.select().from(auditEvents).where(eq(auditEvents.action, 'user.password_changed')).orderBy(auditEvents.id),
      );
      expect(audit.filter((a) => a.targetId === id).map((a) => a.details)).toEqual([{ otherSessionsEnded: 2 }]);
    });

    it('needs the right current password and changes nothing otherwise', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const other = await signInCookie(ctx.app, acme.host, email, OLD);
      const res = await post('/api/me/password', { currentPassword: 'Wrong-Guess-1', newPassword: NEW }, cookie);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'AUTH_CURRENT_PASSWORD_WRONG', fields: [{ field: 'currentPassword' }] });
      expect((await session(other)).statusCode).toBe(200);
      expect((await signIn(email, OLD)).statusCode).toBe(200);
    });

    it('the new password must meet the policy', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const res = await post('/api/me/password', { currentPassword: OLD, newPassword: 'lowercase' }, cookie);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('USER_PASSWORD_POLICY');
      expect(res.json().error.fields.every((f: { field: string }) => f.field === 'newPassword')).toBe(true);
      expect((await signIn(email, OLD)).statusCode).toBe(200);
    });

    it("the new password may not contain the site's name or a role name, in German too", async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: { host: acme.host, cookie, 'accept-language': 'de' },
        payload: { currentPassword: OLD, newPassword: 'Instructor-Rocket-7' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ field: 'newPassword', message: 'ohne den Namen dieser Site oder von Lectern und ohne eine Rolle wie „Admin“' }]);
      expect((await post('/api/me/password', { currentPassword: OLD, newPassword: 'Acme-Rocket-77' }, cookie)).statusCode).toBe(400);
      expect((await signIn(email, OLD)).statusCode).toBe(200);
    });

    it('requires a signed-in user', async () => {
      const res = await post('/api/me/password', { currentPassword: OLD, newPassword: NEW });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('with two-factor sign-in', () => {
    it('changing the password or the e-mail address needs the current password and a code or recovery code', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const secret: string = (await post('/api/me/mfa/setup', { password: OLD }, cookie)).json().secret;
      const enabled = await post('/api/me/mfa/enable', { code: codeAt(secret, Date.now()) }, cookie);
      const [first, second] = enabled.json().recoveryCodes as [string, string];

      for (const [url, change] of [
        ['/api/me/password', { currentPassword: OLD, newPassword: NEW }],
        ['/api/me/email', { currentPassword: OLD, newEmail: `moved-${email}` }],
      ] as const) {
        const passwordOnly = await post(url, change, cookie);
        expect(passwordOnly.statusCode, url).toBe(400);
        expect(passwordOnly.json().error).toMatchObject({ code: 'MFA_CODE_REQUIRED', fields: [{ field: 'code' }] });
        const wrongCode = await post(url, { ...change, recoveryCode: 'zzzz-zzzz-zzzz-zzzz-zzzz-zzzz' }, cookie);
        expect(wrongCode.statusCode, url).toBe(403);
        expect(wrongCode.json().error).toMatchObject({ code: 'MFA_CODE_INVALID', fields: [{ field: 'recoveryCode' }] });
        const both = await post(url, { ...change, code: '123456', recoveryCode: first }, cookie);
        expect(both.statusCode, url).toBe(400);
      }
      // Nothing changed: the old password is still the one (sign-in asks for the code next).
      expect((await signIn(email, OLD)).json().error.code).toBe('AUTH_MFA_REQUIRED');

      // A change the policy refuses does not use up the recovery code sent with it.
      const weak = await post('/api/me/password', { currentPassword: OLD, newPassword: 'lowercase', recoveryCode: first }, cookie);
      expect(weak.json().error.code).toBe('USER_PASSWORD_POLICY');
      expect((await post('/api/me/email', { currentPassword: OLD, newEmail: `moved-${email}`, recoveryCode: first }, cookie)).statusCode).toBe(202);
      const changed = await post('/api/me/password', { currentPassword: OLD, newPassword: NEW, recoveryCode: second }, cookie);
      expect(changed.statusCode).toBe(204);
      expect((await signIn(email, NEW)).json().error.code).toBe('AUTH_MFA_REQUIRED');
      expect((await signIn(email, OLD)).json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    });
  });

  describe('changing the e-mail address', () => {
    it('mails a confirmation link to the new address; the address changes only when it is followed', async () => {
      const { email, id } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const res = await post('/api/me/email', { currentPassword: OLD, newEmail: 'max.new@acme.test' }, cookie);
      expect(res.statusCode).toBe(202);

      const mail = await smtp.waitForMail(sentTo('max.new@acme.test'));
      expect(mail.subject).toBe('Confirm your new e-mail address for ACME');
      const token = tokenFromMail(mail, '/confirm-email');
      expect(mail.text).toContain(`http://acme.test:3000/confirm-email#token=${token}`);
      // The token rides in the fragment, which no request (and so no log or Referer) carries.
      expect(mail.text).not.toContain('?token=');
      // Not yet confirmed: the old address is still the one.
      expect((await signIn(email, OLD)).statusCode).toBe(200);
      expect((await signIn('max.new@acme.test', OLD)).statusCode).toBe(401);

      const confirmed = await post('/api/auth/email-change/confirm', { token });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toEqual({ email: 'max.new@acme.test' });
      expect((await signIn('max.new@acme.test', OLD)).statusCode).toBe(200);
      expect((await signIn(email, OLD)).statusCode).toBe(401);
      expect((await session(cookie)).json().user.email).toBe('max.new@acme.test');

      const reused = await post('/api/auth/email-change/confirm', { token });
      expect(reused.statusCode).toBe(400);
      expect(reused.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');

      const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.select().from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(auditEvents.id),
      );
      expect(audit.find((a) => a.action === 'user.email_changed')?.details).toEqual({ from: email, to: 'max.new@acme.test' });
    });

    it('needs the current password', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const wrong = await post('/api/me/email', { currentPassword: 'Nope-Nope-1', newEmail: 'free@acme.test' }, cookie);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('AUTH_CURRENT_PASSWORD_WRONG');
      const invalid = await post('/api/me/email', { currentPassword: OLD, newEmail: 'no address' }, cookie);
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.fields[0].field).toBe('newEmail');
    });

    it('an address of another account gets the same answer; its owner is told and nothing changes', async () => {
      const { email, id } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const taken = await post('/api/me/email', { currentPassword: OLD, newEmail: 'ADMIN@acme.test' }, cookie);
      expect(taken.statusCode).toBe(202);
      expect(taken.json()).toEqual({ accepted: true });

      const notice = await smtp.waitForMail(sentTo(acme.email));
      expect(notice.subject).toBe('Someone wanted to use your e-mail address at ACME');
      expect(notice.text).toMatch(/^Hello Ada,/);
      expect(notice.text).toContain('http://acme.test:3000/sign-in');
      expect(notice.text).not.toContain('token=');
      const links = await ctx.db.withTenant(acme.tenant.id, (tx) => tx.select().from(userTokens).where(eq(userTokens.userId, id)));
      expect(links).toEqual([]);
      expect((await session(cookie)).json().user.email).toBe(email);
      const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.select().from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(auditEvents.id),
      );
      expect(audit.find((a) => a.action === 'user.email_change_requested')?.details).toEqual({ to: 'ADMIN@acme.test', refused: 'address_in_use' });
    });

    it('the request does the same work for a free address and one of another account (the job tells them apart)', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      const workFor = async (newEmail: string) => {
        counting.reset();
        expect((await post('/api/me/email', { currentPassword: OLD, newEmail }, cookie)).statusCode).toBe(202);
        return { transactions: counting.log.transactions, statements: [...counting.log.statements] };
      };
      await workFor('warm-up@acme.test'); // the session is then in the session cache for both
      const free = await workFor('still-free@acme.test');
      const taken = await workFor(acme.email);
      expect(taken).toEqual(free);
      expect(free.statements.filter((s) => s.startsWith('insert:'))).toEqual(['insert:jobs']);
    });

    it('is refused when someone else took the address before the link was followed', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      expect((await post('/api/me/email', { currentPassword: OLD, newEmail: 'contested@acme.test' }, cookie)).statusCode).toBe(202);
      const token = tokenFromMail(await smtp.waitForMail(sentTo('contested@acme.test')), '/confirm-email');
      await createUser(ctx.db, acme.tenant.id, { email: 'Contested@acme.test', firstName: 'C', lastName: 'C', roles: ['learner'] });
      const res = await post('/api/auth/email-change/confirm', { token });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('USER_EMAIL_TAKEN');
      expect((await signIn(email, OLD)).statusCode).toBe(200);
    });

    it('an expired or forged confirmation link is refused', async () => {
      const { email } = await newUser();
      const cookie = await signInCookie(ctx.app, acme.host, email, OLD);
      expect((await post('/api/me/email', { currentPassword: OLD, newEmail: 'slow@acme.test' }, cookie)).statusCode).toBe(202);
      const token = tokenFromMail(await smtp.waitForMail(sentTo('slow@acme.test')), '/confirm-email');
      await ctx.db.withTenant(acme.tenant.id, (tx) =>
        tx.update(userTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userTokens.purpose, 'email_change')),
      );
      for (const candidate of [token, 'forged-token-value']) {
        const res = await post('/api/auth/email-change/confirm', { token: candidate });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('AUTH_TOKEN_EXPIRED_OR_USED');
      }
      expect((await signIn(email, OLD)).statusCode).toBe(200);
    });
  });
});
