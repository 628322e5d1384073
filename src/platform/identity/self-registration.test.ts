import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, tokenFromMail, type TestSmtpServer } from '../../../test/smtp-server.js';
import { queryRows } from '../db/client.js';
import type { JobWorker } from '../jobs/job-worker.js';
import { updateTenantSettings } from '../tenancy/tenants.repository.js';
import { REGISTRATION_JOB } from './self-registration.service.js';
import { createUser } from './users.service.js';

const PASSWORD = 'Quiet-Meadow-42';

describe(`self-registration (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let worker: JobWorker;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;

  const post = (url: string, payload: object, host = acme.host, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'POST', url, headers: { host, ...headers }, payload });
  const register = (email: string, extra: object = {}, host = acme.host) => post('/api/auth/register', { email, firstName: 'Rita', lastName: 'Register', ...extra }, host);
  let adminCookie: string;
  /** As an administrator changes it: through the settings API (the app holds each site's settings). */
  const setRegistration = async (registration: { open?: boolean; allowedDomains?: string[] }) => {
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: adminCookie }, payload: { registration } });
    expect(res.statusCode).toBe(200);
    return res;
  };
  const publicSite = async (host = acme.host) => (await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host } })).json();
  const usersNamed = (email: string) =>
    queryRows<{ id: string; roles: string[]; status: string; language: string | null; has_password: boolean }>(
      ctx.db.owner,
      sql`select id, roles, status, language, password_hash is not null as has_password from users where lower(email) = lower(${email})`,
    );
  const registrationsHandled = () =>
    eventually(async () => (await queryRows(ctx.db.owner, sql`select 1 from jobs where kind = ${REGISTRATION_JOB} and done_at is null and failed_at is null`)).length === 0);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: smtpEnv(smtp) });
    acme = await createTenantWithUser(ctx.db, 'acme');
    worker = startMailWorker(ctx.db, smtp);
    adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  it('is off by default: refused with a clear code, and the public page does not offer it', async () => {
    expect(await publicSite()).toMatchObject({ selfRegistration: false });
    const res = await register('rita@example.com');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('REGISTRATION_CLOSED');
    const german = await post('/api/auth/register', { email: 'rita@example.com', firstName: 'R', lastName: 'R' }, acme.host, { 'accept-language': 'de' });
    expect(german.json().error.message).toMatch(/kein Konto selbst anlegen/);
    expect(await usersNamed('rita@example.com')).toEqual([]);
  });

  it('when open: mails a link that confirms the address; choosing the password activates a learner’s account', async () => {
    await setRegistration({ open: true });
    expect(await publicSite()).toMatchObject({ selfRegistration: true });
    const res = await register('Rita@Example.com', { language: 'de' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });

    const mail = await smtp.waitForMail(sentTo('rita@example.com'));
    expect(mail.subject).toBe('Bestätigen Sie Ihr Konto bei ACME');
    expect(mail.text).toContain('Hallo Rita,');
    const token = tokenFromMail(mail, '/accept-invitation');
    // Until then the account exists but cannot sign in.
    expect(await usersNamed('rita@example.com')).toEqual([expect.objectContaining({ roles: ['learner'], status: 'active', language: 'de', has_password: false })]);
    expect((await post('/api/auth/sign-in', { email: 'rita@example.com', password: PASSWORD })).statusCode).toBe(401);

    // The site's password policy holds.
    const weak = await post('/api/auth/invitation/accept', { token, password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect((await post('/api/auth/invitation/accept', { token, password: PASSWORD })).statusCode).toBe(204);
    const signIn = await post('/api/auth/sign-in', { email: 'rita@example.com', password: PASSWORD });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user.roles).toEqual(['learner']);
    const [audit] = await queryRows<{ details: { email: string } }>(ctx.db.owner, sql`select details from audit_events where action = 'user.self_registered' and tenant_id = ${acme.tenant.id}`);
    expect(audit!.details.email).toBe('Rita@Example.com');
  });

  it('answers the same for an address that has an account, and only tells its owner; nothing of the account changes', async () => {
    const owner = await createUser(ctx.db, acme.tenant.id, { email: 'olga@example.com', firstName: 'Olga', lastName: 'Owner', roles: ['manager'], password: PASSWORD });
    const res = await register('olga@example.com', { firstName: 'Mallory' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    const mail = await smtp.waitForMail(sentTo('olga@example.com'));
    expect(mail.subject).toBe('Someone wanted to use your e-mail address at ACME');
    expect(mail.text).toContain('Hello Olga,');
    expect(mail.text).not.toContain('#token=');
    const [after] = await usersNamed('olga@example.com');
    expect(after).toMatchObject({ id: owner.id, roles: ['manager'], has_password: true });
    expect((await post('/api/auth/sign-in', { email: 'olga@example.com', password: PASSWORD })).statusCode).toBe(200);
  });

  it('gives an account that never chose its password a new link (the old one stops working); a deactivated one hears nothing', async () => {
    await register('pia@example.com');
    const first = tokenFromMail(await smtp.waitForMail(sentTo('pia@example.com')), '/accept-invitation');
    await register('pia@example.com');
    await eventually(async () => smtp.messages.filter(sentTo('pia@example.com')).length === 2);
    const second = tokenFromMail(smtp.messages.filter(sentTo('pia@example.com'))[1]!, '/accept-invitation');
    expect(second).not.toBe(first);
    expect((await post('/api/auth/invitation/accept', { token: first, password: PASSWORD })).statusCode).toBe(400);
    expect(await usersNamed('pia@example.com')).toHaveLength(1);

    const gone = await createUser(ctx.db, acme.tenant.id, { email: 'gone@example.com', firstName: 'G', lastName: 'Gone', roles: ['learner'], password: PASSWORD });
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.execute(sql`update users set status = 'deactivated' where id = ${gone.id}`));
    expect((await register('gone@example.com')).statusCode).toBe(202);
    await registrationsHandled();
    expect(smtp.messages.filter(sentTo('gone@example.com'))).toEqual([]);
  });

  it('takes only addresses of the allowed domains (exactly, not their sub-domains), and names the field', async () => {
    await setRegistration({ open: true, allowedDomains: ['acme-corp.com'] });
    for (const email of ['eve@evil.test', 'eve@sub.acme-corp.com', 'eve@acme-corp.com.evil.test']) {
      const res = await register(email);
      expect(res.statusCode, email).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'REGISTRATION_DOMAIN_NOT_ALLOWED', fields: [{ field: 'email' }] });
    }
    expect((await register('ann@ACME-CORP.com')).statusCode).toBe(202);
    await smtp.waitForMail(sentTo('ann@acme-corp.com'));
    await registrationsHandled();
    expect(await queryRows(ctx.db.owner, sql`select 1 from users where email like 'eve@%'`)).toEqual([]);
  });

  it('refuses malformed input with the fields named, and settings that are not domains', async () => {
    const bad = await post('/api/auth/register', { email: 'not-an-address', firstName: '', lastName: 'x'.repeat(101) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'firstName', 'lastName']);

    const patch = (registration: object) => ctx.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: acme.host, cookie: adminCookie }, payload: { registration } });
    const refused = await patch({ allowedDomains: ['example.com', '@example.com', 'https://x.test', 'a'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['registration.allowedDomains.1', 'registration.allowedDomains.2', 'registration.allowedDomains.3']);
    expect(refused.json().error.fields[0].message).toContain('example.com');
    const saved = await patch({ allowedDomains: ['Example.COM', ' example.com ', 'mail.example.co.uk'] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().registration).toEqual({ open: true, allowedDomains: ['example.com', 'mail.example.co.uk'] });
  });

  it('is closed on a site that sends no mail (nobody could confirm an address), whatever the setting', async () => {
    const quiet = await createTestApp({ db: ctx.db, env: {} });
    try {
      expect(testConfig().mail).toBeUndefined();
      const site = await createTenantWithUser(ctx.db, 'quiet');
      await updateTenantSettings(ctx.db.owner, site.tenant.id, { registration: { open: true } });
      expect((await quiet.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: site.host } })).json()).toMatchObject({ selfRegistration: false });
      const res = await quiet.app.inject({ method: 'POST', url: '/api/auth/register', headers: { host: site.host }, payload: { email: 'q@example.com', firstName: 'Q', lastName: 'Q' } });
      expect(res.json().error.code).toBe('REGISTRATION_CLOSED');
    } finally {
      await quiet.app.close();
    }
  });
});
