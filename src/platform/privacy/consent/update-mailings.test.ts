import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, testSecretKeyFile, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { eventually } from '../../../../test/eventually.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, tokenFromMail, type ReceivedMail, type TestSmtpServer } from '../../../../test/smtp-server.js';
import { auditEvents } from '../../audit/audit.schema.js';
import type { JobWorker } from '../../jobs/job-worker.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { users } from '../../identity/identity.schema.js';
import { createUser } from '../../identity/users.service.js';
import { mailConsents, updateMailings } from '../privacy.schema.js';
import { loadOrCreateSecretKey } from '../../secrets/secret-box.js';
import { UnsubscribeLinks } from './unsubscribe-link.js';
import { legacyUnsubscribeToken } from './unsubscribe-link-v1.test-support.js';

const SUBJECT = 'New courses this spring';

/** The one-click address of an update mail's List-Unsubscribe header, as a path and query of the site. */
function unsubscribePath(mail: ReceivedMail): string {
  const header = mail.headers.get('list-unsubscribe') ?? '';
  const match = /^<http:\/\/acme\.test:3000(\/api\/mail\/unsubscribe\?token=[A-Za-z0-9._%-]+)>$/.exec(header);
  if (!match?.[1]) throw new Error(`no one-click address in List-Unsubscribe: ${header}`);
  return match[1];
}

describe(`update e-mails go only to confirmed consents, each with a one-click unsubscribe (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let worker: JobWorker;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  const people: Record<'confirmed' | 'pending' | 'withdrawn' | 'never' | 'deactivated', { email: string; id: string; cookie: string }> = {} as never;

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { host: acme.host, cookie }, ...(payload ? { payload } : {}) });
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: body });
  const consentOf = async (userId: string) => (await ctx.db.owner.select().from(mailConsents).where(eq(mailConsents.userId, userId)))[0];
  const refusals = () => ctx.db.owner.select().from(auditEvents).where(and(eq(auditEvents.action, 'privacy.mail_consent_link_refused'), eq(auditEvents.tenantId, acme.tenant.id)));

  /** Waits until every queued mail is sent, so "nobody else got one" is a fact, not a race. */
  const allMailSent = () =>
    eventually(async () => (await ctx.db.owner.select().from(jobs).where(and(eq(jobs.kind, 'mail.send'), isNull(jobs.doneAt)))).length === 0);

  async function person(name: string): Promise<{ email: string; id: string; cookie: string }> {
    const email = `${name}@acme.test`;
    const user = await createUser(ctx.db, acme.tenant.id, { email, firstName: name, lastName: 'Person', roles: ['learner'], password: PASSWORD });
    return { email, id: user.id, cookie: await signInCookie(ctx.app, acme.host, email, PASSWORD) };
  }

  async function ask(p: { cookie: string; email: string }): Promise<string> {
    const earlier = new Set(smtp.messages);
    const offered = (await api('GET', '/api/me/mail-consent', p.cookie)).json<{ offeredTexts: { en: string } }>().offeredTexts;
    expect((await api('POST', '/api/me/mail-consent', p.cookie, { language: 'en', consentText: offered.en })).statusCode).toBe(202);
    const mail = await smtp.waitForMail((m) => !earlier.has(m) && sentTo(p.email)(m) && m.subject.startsWith('Please confirm'));
    return /\/mail-consent\/confirm\?token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!;
  }

  async function confirm(token: string): Promise<void> {
    expect((await post('/mail-consent/confirm', `token=${token}`)).statusCode).toBe(200);
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: smtpEnv(smtp) });
    acme = await createTenantWithUser(ctx.db, 'acme');
    worker = startMailWorker(ctx.db, smtp);
    adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    people.confirmed = await person('carla');
    people.pending = await person('pete');
    people.withdrawn = await person('wanda');
    people.never = await person('nina');
    people.deactivated = await person('dora');
    await confirm(await ask(people.confirmed));
    await ask(people.pending);
    await confirm(await ask(people.withdrawn));
    expect((await api('DELETE', '/api/me/mail-consent', people.withdrawn.cookie)).statusCode).toBe(200);
    await confirm(await ask(people.deactivated));
    await ctx.db.owner.update(users).set({ status: 'deactivated' }).where(eq(users.id, people.deactivated.id));
  });
  afterAll(async () => {
    await worker.stop();
    await ctx.close();
    await smtp.close();
  });

  it('only administrators see the overview and send; nobody consented means nothing to send', async () => {
    expect((await api('GET', '/api/admin/update-mails', people.never.cookie)).statusCode).toBe(403);
    expect((await api('POST', '/api/admin/update-mails', people.confirmed.cookie, { subject: 'x', message: 'y' })).statusCode).toBe(403);
    const empty = await api('POST', '/api/admin/update-mails', adminCookie, { subject: ' ', message: 'y' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'subject' })] } });

    const other = await createTenantWithUser(ctx.db, 'quiet');
    const cookie = await signInCookie(ctx.app, other.host, other.email, other.password);
    const none = await ctx.app.inject({ method: 'POST', url: '/api/admin/update-mails', headers: { host: other.host, cookie }, payload: { subject: 'Hi', message: 'News' } });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ error: { code: 'UPDATE_MAIL_NO_RECIPIENTS' } });
  });

  it('reaches confirmed consents only: pending, withdrawn, never asked and deactivated get nothing', async () => {
    const overview = await api('GET', '/api/admin/update-mails', adminCookie);
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({ consents: { confirmed: 1, pending: 1, withdrawn: 1 }, mailings: [] });

    const sent = await api('POST', '/api/admin/update-mails', adminCookie, { subject: SUBJECT, message: 'Hello!\n\nThree new courses <b>start</b> in March.' });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ recipientCount: 1 });
    const mailingId = sent.json<{ id: string }>().id;

    const mail = await smtp.waitForMail((m) => m.subject === SUBJECT);
    await allMailSent();
    expect(smtp.messages.filter((m) => m.subject === SUBJECT).map((m) => m.to)).toEqual([[people.confirmed.email]]);
    expect(mail.text).toContain('Three new courses <b>start</b> in March.');
    // The body is plain text: its markup is shown, never interpreted.
    expect(mail.html).toContain('<p>Three new courses &#60;b&#62;start&#60;/b&#62; in March.</p>');
    expect(mail.html).not.toContain('<b>start');
    // RFC 8058: the one-click address and the POST marker, and the same address in the footer.
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const path = unsubscribePath(mail);
    expect(mail.text).toContain(`http://acme.test:3000${path}`);

    const after = (await api('GET', '/api/admin/update-mails', adminCookie)).json();
    expect(after).toMatchObject({ mailings: [{ id: mailingId, subject: SUBJECT, recipientCount: 1, sentBy: 'Ada acme' }] });
    const [stored] = await ctx.db.owner.select().from(updateMailings).where(eq(updateMailings.id, mailingId));
    expect(stored).toMatchObject({ body: 'Hello!\n\nThree new courses <b>start</b> in March.', recipientCount: 1 });
    const audited = await ctx.db.owner.select().from(auditEvents).where(and(eq(auditEvents.action, 'privacy.update_mailing_sent'), eq(auditEvents.targetId, mailingId)));
    expect(audited).toEqual([expect.objectContaining({ details: expect.objectContaining({ subject: SUBJECT, recipientCount: 1 }) })]);
    // The sent job no longer holds the message or its link.
    const done = await ctx.db.owner.select().from(jobs).where(and(eq(jobs.kind, 'mail.send'), sql`${jobs.payload}->>'template' = 'privacy.update_mail'`));
    expect(JSON.stringify(done.map((j) => j.payload))).not.toContain('unsubscribe?token');
    expect(done.length).toBe(1);
  });

  it('one click unsubscribes without a session, from another site too; GET only shows a button; a replay is harmless', async () => {
    const mail = await smtp.waitForMail((m) => m.subject === SUBJECT);
    const path = unsubscribePath(mail);

    const page = await ctx.app.inject({ method: 'GET', url: path, headers: { host: acme.host } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(page.body).toContain(`action="${path.replace(/&/g, '&amp;')}"`);
    expect((await consentOf(people.confirmed.id))!.status).toBe('confirmed');

    // A mail provider's POST (or a webmail page's): no cookie, no CSRF token, from another site.
    const first = await post(path, 'List-Unsubscribe=One-Click', { 'sec-fetch-site': 'cross-site', origin: 'https://mail.example' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('You are unsubscribed');
    expect(await consentOf(people.confirmed.id)).toMatchObject({ status: 'withdrawn', withdrawnVia: 'unsubscribe_link' });

    const replay = await post(path, 'List-Unsubscribe=One-Click');
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toBe(first.body);
    const withdrawals = await ctx.db.owner.select().from(auditEvents).where(and(eq(auditEvents.action, 'privacy.mail_consent_withdrawn'), eq(auditEvents.targetId, people.confirmed.id)));
    expect(withdrawals).toEqual([expect.objectContaining({ actorUserId: people.confirmed.id, details: { topic: 'updates', via: 'unsubscribe_link' } })]);

    // RFC 8058's own example: the marker as multipart/form-data.
    const boundary = '---FormBoundaryjWmhtjORrn';
    const multipart = await ctx.app.inject({
      method: 'POST',
      url: path,
      headers: { host: acme.host, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.statusCode).toBe(200);

    // Without the marker nothing happens.
    const noMarker = await post(path, 'something=else');
    expect(noMarker.statusCode).toBe(400);
    expect(noMarker.body).toContain('List-Unsubscribe=One-Click');
  });

  it('an old mail\'s link does not end a consent given again since; the new mail\'s link does', async () => {
    const rita = await person('rita');
    const withdrawals = () => ctx.db.owner.select().from(auditEvents).where(and(eq(auditEvents.action, 'privacy.mail_consent_withdrawn'), eq(auditEvents.targetId, rita.id)));
    const mailingTo = async (subject: string) => {
      expect((await api('POST', '/api/admin/update-mails', adminCookie, { subject, message: 'News' })).statusCode).toBe(201);
      return unsubscribePath(await smtp.waitForMail((m) => sentTo(rita.email)(m) && m.subject === subject));
    };
    await confirm(await ask(rita));
    const oldPath = await mailingTo('Spring news');
    expect((await api('DELETE', '/api/me/mail-consent', rita.cookie)).json()).toMatchObject({ status: 'withdrawn' });
    await confirm(await ask(rita));
    expect((await consentOf(rita.id))!.status).toBe('confirmed');

    // The old mail's link: answered as already unsubscribed, and the consent given since stands.
    const refusedBefore = (await refusals()).length;
    const old = await post(oldPath, 'List-Unsubscribe=One-Click');
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('You are unsubscribed');
    expect(await consentOf(rita.id)).toMatchObject({ status: 'confirmed', withdrawnAt: null });
    expect((await withdrawals()).map((e) => e.details)).toEqual([{ topic: 'updates', via: 'settings' }]);
    expect((await refusals()).length).toBe(refusedBefore);

    // The mail sent under the consent given again carries a link that ends it.
    const newPath = await mailingTo('Summer news');
    expect(newPath).not.toBe(oldPath);
    expect((await post(newPath, 'List-Unsubscribe=One-Click')).statusCode).toBe(200);
    expect(await consentOf(rita.id)).toMatchObject({ status: 'withdrawn', withdrawnVia: 'unsubscribe_link' });
    expect((await withdrawals()).map((e) => e.details)).toEqual([
      { topic: 'updates', via: 'settings' },
      { topic: 'updates', via: 'unsubscribe_link' },
    ]);
    await allMailSent();
  });

  it('a link from before links named their consent (u1) still ends a confirmed consent, but never a request made since', async () => {
    const legacyLink = (userId: string) =>
      `/api/mail/unsubscribe?token=${encodeURIComponent(legacyUnsubscribeToken(loadOrCreateSecretKey(testSecretKeyFile()), { tenantId: acme.tenant.id, userId, topic: 'updates' }))}`;
    const olga = await person('olga');
    await confirm(await ask(olga));
    expect((await post(legacyLink(olga.id), 'List-Unsubscribe=One-Click')).body).toContain('You are unsubscribed');
    expect(await consentOf(olga.id)).toMatchObject({ status: 'withdrawn', withdrawnVia: 'unsubscribe_link' });

    // Asked again, not yet confirmed: no update e-mail went out under this request, so the old link is not its.
    await ask(olga);
    const again = await post(legacyLink(olga.id), 'List-Unsubscribe=One-Click');
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('You are unsubscribed');
    expect((await consentOf(olga.id))!.status).toBe('pending');
  });

  it('refuses forged, malformed and other sites\' links with a clear message, and audits each with its reason', async () => {
    const links = UnsubscribeLinks.ofKeyFile(testSecretKeyFile());
    const secretKey = loadOrCreateSecretKey(testSecretKeyFile());
    const forge = (genuine: string) => `${genuine.slice(0, -4)}${genuine.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const consentConfirmedAtMicros = 1_714_651_234_567_891n;
    const otherSite = await createTenantWithUser(ctx.db, 'other');
    const linkOf = (tenantId: string) => links.token({ tenantId, userId: people.pending.id, topic: 'updates', consentConfirmedAtMicros });
    const legacyLinkOf = (tenantId: string) => legacyUnsubscribeToken(secretKey, { tenantId, userId: people.pending.id, topic: 'updates' });
    const byOtherKey = new UnsubscribeLinks(Buffer.alloc(32, 7)).token({ tenantId: acme.tenant.id, userId: people.pending.id, topic: 'updates', consentConfirmedAtMicros });

    const cases: [string, string][] = [
      [forge(linkOf(acme.tenant.id)), 'bad_signature'],
      [forge(legacyLinkOf(acme.tenant.id)), 'bad_signature'],
      [byOtherKey, 'bad_signature'],
      [legacyUnsubscribeToken(Buffer.alloc(32, 7), { tenantId: acme.tenant.id, userId: people.pending.id, topic: 'updates' }), 'bad_signature'],
      [linkOf(otherSite.tenant.id), 'other_tenant'],
      [legacyLinkOf(otherSite.tenant.id), 'other_tenant'],
      ['u1.garbage', 'malformed'],
      ['u2.garbage', 'malformed'],
      ['', 'malformed'],
    ];
    for (const [token, reason] of cases) {
      const before = (await refusals()).length;
      const res = await post(`/api/mail/unsubscribe?token=${encodeURIComponent(token)}`, 'List-Unsubscribe=One-Click', { 'accept-language': 'de' });
      expect(res.statusCode, token).toBe(400);
      expect(res.body).toContain('Dieser Abmeldelink gilt nicht für diese Website');
      const shown = await ctx.app.inject({ method: 'GET', url: `/api/mail/unsubscribe?token=${encodeURIComponent(token)}`, headers: { host: acme.host } });
      expect(shown.statusCode).toBe(400);
      expect(shown.body).toContain('This unsubscribe link is not valid for this site');
      const after = await refusals();
      expect(after.length).toBe(before + 2);
      expect(after.slice(-2).map((e) => e.details)).toEqual([expect.objectContaining({ link: 'unsubscribe', reason }), expect.objectContaining({ link: 'unsubscribe', reason })]);
    }
    // The person the forged links named kept their (pending) consent.
    expect((await consentOf(people.pending.id))!.status).toBe('pending');
  });

  it('service e-mails stay apart: an unsubscribed person still gets a password reset, without any unsubscribe header', async () => {
    expect((await consentOf(people.withdrawn.id))!.status).toBe('withdrawn');
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host: acme.host }, payload: { email: people.withdrawn.email } });
    expect(res.statusCode).toBe(202);
    const reset = await smtp.waitForMail((m) => sentTo(people.withdrawn.email)(m) && m.subject.startsWith('Reset your password'));
    expect(tokenFromMail(reset, '/reset-password')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reset.headers.has('list-unsubscribe')).toBe(false);
    expect(reset.headers.has('list-unsubscribe-post')).toBe(false);
    expect(reset.text).not.toContain('/unsubscribe');
  });
});
