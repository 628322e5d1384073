import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { eventually } from '../../../../test/eventually.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, tokenFromMail, type ReceivedMail, type TestSmtpServer } from '../../../../test/smtp-server.js';
import { auditEvents } from '../../audit/audit.schema.js';
import type { JobWorker } from '../../jobs/job-worker.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { users } from '../../identity/identity.schema.js';
import { createUser } from '../../identity/users.service.js';
import { mailConsents, updateMailings } from '../privacy.schema.js';

const SITE = 'http://acme.test:3000';

/** The confirmation link's token from a consent mail. */
function confirmationToken(mail: ReceivedMail): string {
  const match = /http:\/\/acme\.test:3000\/mail-consent\/confirm\?token=([A-Za-z0-9_%-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no confirmation link in:\n${mail.text}`);
  return decodeURIComponent(match[1]);
}

describe(`consent to update e-mails: double opt-in (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let worker: JobWorker;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let n = 0;

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { host: acme.host, cookie }, ...(payload ? { payload } : {}) });
  const form = (url: string, body: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: body });

  async function newLearner(): Promise<{ email: string; cookie: string; id: string }> {
    const email = `learner${++n}@acme.test`;
    const user = await createUser(ctx.db, acme.tenant.id, { email, firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: PASSWORD });
    return { email, id: user.id, cookie: await signInCookie(ctx.app, acme.host, email, PASSWORD) };
  }

  const consentRow = async (userId: string) => (await ctx.db.owner.select().from(mailConsents).where(eq(mailConsents.userId, userId)))[0];
  const auditOf = (action: string, targetId: string) =>
    ctx.db.owner.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));

  async function askForUpdates(cookie: string, language: 'de' | 'en' = 'en') {
    const offered = (await api('GET', '/api/me/mail-consent', cookie)).json<{ offeredTexts: Record<'de' | 'en', string> }>().offeredTexts;
    return api('POST', '/api/me/mail-consent', cookie, { language, consentText: offered[language] });
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: smtpEnv(smtp) });
    acme = await createTenantWithUser(ctx.db, 'acme');
    worker = startMailWorker(ctx.db, smtp);
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  it('stores the exact text and the request, mails a link to the site, and counts only once the link is followed', async () => {
    const lea = await newLearner();
    const before = await api('GET', '/api/me/mail-consent', lea.cookie);
    expect(before.statusCode).toBe(200);
    const offered = before.json<{ status: string; offeredTexts: Record<'de' | 'en', string> }>();
    expect(offered.status).toBe('none');
    expect(offered.offeredTexts.en).toContain('update e-mails from ACME');
    expect(offered.offeredTexts.de).toContain('Update-E-Mails von ACME');

    const asked = await api('POST', '/api/me/mail-consent', lea.cookie, { language: 'de', consentText: offered.offeredTexts.de });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'pending', consentText: offered.offeredTexts.de, confirmedAt: null });

    const mail = await smtp.waitForMail(sentTo(lea.email));
    expect(mail.subject).toBe('Bitte bestätigen Sie: Update-E-Mails von ACME');
    expect(mail.text).toContain(offered.offeredTexts.de);
    // A confirmation mail is a service mail: nothing in it unsubscribes.
    expect(mail.headers.has('list-unsubscribe')).toBe(false);
    const token = confirmationToken(mail);
    expect(mail.text).toContain(`${SITE}/mail-consent/confirm?token=`);

    const pending = await consentRow(lea.id);
    expect(pending).toMatchObject({ status: 'pending', consentText: offered.offeredTexts.de, requestIp: '127.0.0.1', confirmedAt: null });
    // Only the digest is kept: a copy of the database confirms nothing.
    expect(pending!.confirmationTokenHash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(JSON.stringify(pending)).not.toContain(token);

    // Opening the link (as a mail scanner does) shows a button and changes nothing.
    const page = await ctx.app.inject({ method: 'GET', url: `/mail-consent/confirm?token=${encodeURIComponent(token)}`, headers: { host: acme.host, 'accept-language': 'de' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<form method="post" action="/mail-consent/confirm">');
    expect(page.body).toContain('Update-E-Mails bestätigen');
    expect((await consentRow(lea.id))!.status).toBe('pending');

    const confirmed = await form('/mail-consent/confirm', `token=${encodeURIComponent(token)}`, { 'sec-fetch-site': 'same-origin' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Update e-mails confirmed');
    const row = await consentRow(lea.id);
    expect(row).toMatchObject({ status: 'confirmed', confirmIp: '127.0.0.1', confirmationTokenHash: null, consentText: offered.offeredTexts.de });
    expect(row!.confirmedAt!.getTime()).toBeGreaterThanOrEqual(row!.requestedAt.getTime());

    // The link works once.
    const again = await form('/mail-consent/confirm', `token=${encodeURIComponent(token)}`);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('has been used already');

    const status = (await api('GET', '/api/me/mail-consent', lea.cookie)).json();
    expect(status).toMatchObject({ status: 'confirmed', consentText: offered.offeredTexts.de });
    expect(await auditOf('privacy.mail_consent_requested', lea.id)).toEqual([expect.objectContaining({ details: expect.objectContaining({ consentText: offered.offeredTexts.de, language: 'de' }) })]);
    expect(await auditOf('privacy.mail_consent_confirmed', lea.id)).toHaveLength(1);
    // A second request while confirmed is refused, not a second mail.
    expect((await askForUpdates(lea.cookie)).json()).toMatchObject({ error: { code: 'MAIL_CONSENT_ALREADY_CONFIRMED' } });
  });

  it('refuses a text other than the one offered, naming the field, and stores nothing', async () => {
    const lea = await newLearner();
    const res = await api('POST', '/api/me/mail-consent', lea.cookie, { language: 'en', consentText: 'Send me anything you like.' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'MAIL_CONSENT_TEXT_OUTDATED', fields: [expect.objectContaining({ field: 'consentText' })] } });
    expect(await consentRow(lea.id)).toBeUndefined();

    const bad = await api('POST', '/api/me/mail-consent', lea.cookie, { language: 'fr', consentText: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'language' })] } });
  });

  it('a link older than 7 days confirms nothing; a forged one is refused and audited', async () => {
    const lea = await newLearner();
    expect((await askForUpdates(lea.cookie)).statusCode).toBe(202);
    const token = confirmationToken(await smtp.waitForMail(sentTo(lea.email)));
    await ctx.db.owner.update(mailConsents).set({ requestedAt: sql`now() - interval '8 days'` }).where(eq(mailConsents.userId, lea.id));
    const expired = await form('/mail-consent/confirm', `token=${encodeURIComponent(token)}`);
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('has expired');
    expect((await consentRow(lea.id))!.status).toBe('pending');

    const forged = await form('/mail-consent/confirm', 'token=not-a-real-token');
    expect(forged.statusCode).toBe(400);
    const refused = await ctx.db.owner.select().from(auditEvents).where(and(eq(auditEvents.action, 'privacy.mail_consent_link_refused'), eq(auditEvents.tenantId, acme.tenant.id)));
    expect(refused.filter((e) => (e.details as { link?: string }).link === 'confirmation').length).toBeGreaterThanOrEqual(2);
  });

  it('is withdrawn in the account settings at any time, and audited', async () => {
    const lea = await newLearner();
    expect((await askForUpdates(lea.cookie)).statusCode).toBe(202);
    const token = confirmationToken(await smtp.waitForMail(sentTo(lea.email)));
    expect((await form('/mail-consent/confirm', `token=${encodeURIComponent(token)}`)).statusCode).toBe(200);

    const withdrawn = await api('DELETE', '/api/me/mail-consent', lea.cookie);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(await consentRow(lea.id)).toMatchObject({ status: 'withdrawn', withdrawnVia: 'settings' });
    expect(await auditOf('privacy.mail_consent_withdrawn', lea.id)).toEqual([expect.objectContaining({ actorUserId: lea.id, details: { topic: 'updates', via: 'settings' } })]);

    // Asking again starts a new double opt-in.
    expect((await askForUpdates(lea.cookie)).json()).toMatchObject({ status: 'pending', withdrawnAt: null });
  });

  describe('the consent belongs to the address that confirmed it', () => {
    const CONFIRM_SUBJECT = 'Please confirm: update e-mails from ACME';
    let adminCookie: string;
    let adminId: string;

    /** Ticks the box and follows the link that arrives at `address` (the account's address now). */
    async function consentAt(person: { cookie: string }, address: string): Promise<void> {
      const before = smtp.messages.length;
      expect((await askForUpdates(person.cookie)).statusCode).toBe(202);
      const mail = await smtp.waitForMail((m) => smtp.messages.indexOf(m) >= before && sentTo(address)(m) && m.subject === CONFIRM_SUBJECT);
      expect((await form('/mail-consent/confirm', `token=${encodeURIComponent(confirmationToken(mail))}`)).statusCode).toBe(200);
    }

    /** An administrator sends an update mailing; resolves once every mail of it has gone out (or was dropped). */
    async function mailing(subject: string): Promise<string[][]> {
      const sent = await api('POST', '/api/admin/update-mails', adminCookie, { subject, message: 'News' });
      expect(sent.statusCode).toBe(201);
      const id = sent.json<{ id: string }>().id;
      await eventually(async () => (await ctx.db.owner.select().from(updateMailings).where(eq(updateMailings.id, id)))[0]?.deliveredAt);
      await eventually(async () => (await ctx.db.owner.select().from(jobs).where(and(eq(jobs.kind, 'mail.send'), isNull(jobs.doneAt)))).length === 0);
      return smtp.messages.filter((m) => m.subject === subject).map((m) => m.to);
    }

    beforeAll(async () => {
      adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
      adminId = (await ctx.db.owner.select({ id: users.id }).from(users).where(eq(users.email, acme.email)))[0]!.id;
    });

    it("an administrator's change of the address ends it: no update mail reaches the new address until it confirms", async () => {
      const stays = await newLearner();
      await consentAt(stays, stays.email);
      const ada = await newLearner();
      await consentAt(ada, ada.email);

      const changed = await api('PATCH', `/api/admin/users/${ada.id}`, adminCookie, { email: 'Stranger@elsewhere.test' });
      expect(changed.statusCode).toBe(200);
      // The row keeps the address that confirmed, and why the consent ended.
      expect(await consentRow(ada.id)).toMatchObject({ status: 'withdrawn', withdrawnVia: 'address_changed', email: ada.email });
      expect((await auditOf('privacy.mail_consent_withdrawn', ada.id)).map((e) => [e.actorUserId, e.details])).toEqual([[adminId, { topic: 'updates', via: 'address_changed' }]]);

      const first = await mailing('News after the address change');
      expect(first).toContainEqual([stays.email]);
      expect(first.flat()).not.toContain('stranger@elsewhere.test');

      // The person is told, and asked again: the confirmation goes to the new address, whose owner decides.
      expect((await api('GET', '/api/me/mail-consent', ada.cookie)).json()).toMatchObject({ status: 'withdrawn', endedByAddressChange: true });
      await consentAt(ada, 'stranger@elsewhere.test');
      expect(await consentRow(ada.id)).toMatchObject({ status: 'confirmed', email: 'stranger@elsewhere.test' });
      expect((await mailing('News once the new address confirmed')).flat()).toContain('stranger@elsewhere.test');
    });

    it("the person's own change, confirmed from the new address, ends it too: that proved the address, not a wish for news", async () => {
      const max = await newLearner();
      await consentAt(max, max.email);
      expect((await api('POST', '/api/me/email', max.cookie, { currentPassword: PASSWORD, newEmail: 'max.moved@acme.test' })).statusCode).toBe(202);
      // Asked for, not yet confirmed: the consent stands.
      expect((await consentRow(max.id))!.status).toBe('confirmed');
      const token = tokenFromMail(await smtp.waitForMail(sentTo('max.moved@acme.test')), '/confirm-email');
      const confirmed = await ctx.app.inject({ method: 'POST', url: '/api/auth/email-change/confirm', headers: { host: acme.host }, payload: { token } });
      expect(confirmed.statusCode).toBe(200);

      expect(await consentRow(max.id)).toMatchObject({ status: 'withdrawn', withdrawnVia: 'address_changed' });
      expect((await auditOf('privacy.mail_consent_withdrawn', max.id)).map((e) => [e.actorUserId, e.details])).toEqual([[max.id, { topic: 'updates', via: 'address_changed' }]]);
      expect((await mailing('News after moving')).flat()).not.toContain('max.moved@acme.test');
      expect((await api('GET', '/api/me/mail-consent', max.cookie)).json()).toMatchObject({ status: 'withdrawn', endedByAddressChange: true });
    });

    it('an address changed by a path that leaves the consent alone still counts for nothing, and a pending link of the old address confirms nothing', async () => {
      const sam = await newLearner();
      await consentAt(sam, sam.email);
      const pat = await newLearner();
      expect((await askForUpdates(pat.cookie)).statusCode).toBe(202);
      const patLink = confirmationToken(await smtp.waitForMail((m) => sentTo(pat.email)(m) && m.subject === CONFIRM_SUBJECT));
      const confirmedBefore = (await api('GET', '/api/admin/update-mails', adminCookie)).json<{ consents: { confirmed: number } }>().consents.confirmed;

      // As a path this code does not know would (a script, a future import): only the users row changes.
      for (const [person, address] of [
        [sam, 'sam.elsewhere@elsewhere.test'],
        [pat, 'pat.elsewhere@elsewhere.test'],
      ] as const) {
        await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(users).set({ email: address }).where(eq(users.id, person.id)));
      }
      expect((await consentRow(sam.id))!.status).toBe('confirmed');

      expect((await api('GET', '/api/admin/update-mails', adminCookie)).json()).toMatchObject({ consents: { confirmed: confirmedBefore - 1 } });
      expect((await mailing('News after a quiet change')).flat()).not.toContain('sam.elsewhere@elsewhere.test');
      expect((await api('GET', '/api/me/mail-consent', sam.cookie)).json()).toMatchObject({ status: 'withdrawn', endedByAddressChange: true });
      // The link went to the old address: it cannot make a consent for the new one.
      expect((await form('/mail-consent/confirm', `token=${encodeURIComponent(patLink)}`)).statusCode).toBe(400);
      expect((await consentRow(pat.id))!.status).toBe('pending');

      // Asking again (signed in with the new address) is a new double opt-in there, not "already confirmed".
      await consentAt({ cookie: await signInCookie(ctx.app, acme.host, 'sam.elsewhere@elsewhere.test', PASSWORD) }, 'sam.elsewhere@elsewhere.test');
      expect(await consentRow(sam.id)).toMatchObject({ status: 'confirmed', email: 'sam.elsewhere@elsewhere.test' });
    });
  });

  it('the confirmation form keeps the cross-origin guard: a post from another site is refused', async () => {
    const res = await form('/mail-consent/confirm', 'token=x', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'AUTH_CROSS_ORIGIN' } });
  });
  it('without a mail server, the box is not offered and nothing can be asked for or sent; withdrawing still works', async () => {
    const quiet = await createTestApp({ db: ctx.db });
    try {
      const lea = await newLearner();
      const call = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
        quiet.app.inject({ method, url, headers: { host: acme.host, cookie }, ...(payload ? { payload } : {}) });
      const mine = await call('GET', '/api/me/mail-consent', lea.cookie);
      expect(mine.json()).toMatchObject({ status: 'none', mailSent: false });
      const asked = await call('POST', '/api/me/mail-consent', lea.cookie, { language: 'en', consentText: mine.json<{ offeredTexts: { en: string } }>().offeredTexts.en });
      expect(asked.statusCode).toBe(409);
      expect(asked.json()).toMatchObject({ error: { code: 'UPDATE_MAIL_NO_MAIL_SERVER' } });
      expect((await call('DELETE', '/api/me/mail-consent', lea.cookie)).statusCode).toBe(200);
      const admin = await signInCookie(quiet.app, acme.host, acme.email, acme.password);
      expect((await call('GET', '/api/admin/update-mails', admin)).json()).toMatchObject({ mailSent: false });
      const sent = await call('POST', '/api/admin/update-mails', admin, { subject: 'News', message: 'Hello' });
      expect(sent.json()).toMatchObject({ error: { code: 'UPDATE_MAIL_NO_MAIL_SERVER' } });
      // With a mail server, the same person is offered the box.
      expect((await api('GET', '/api/me/mail-consent', lea.cookie)).json()).toMatchObject({ mailSent: true });
    } finally {
      await quiet.app.close();
    }
  });
});
