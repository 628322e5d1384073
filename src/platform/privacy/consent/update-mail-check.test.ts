import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, testConfig, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { eventually } from '../../../../test/eventually.js';
import { sentTo, smtpEnv, startMailWorker, startTestSmtpServer, type TestSmtpServer } from '../../../../test/smtp-server.js';
import { queryRows } from '../../db/client.js';
import { createUser } from '../../identity/users.service.js';
import { jobRegistry } from '../../jobs/job-registry.js';
import { startJobWorker, type JobWorker } from '../../jobs/job-worker.js';
import { jobs } from '../../jobs/jobs.schema.js';
import { mailJobHandlers } from '../../mail/mail.jobs.js';
import { mailConsents, updateMailings } from '../privacy.schema.js';
import { consentJobHandlers } from './consent.jobs.js';

type Site = Awaited<ReturnType<typeof createTenantWithUser>> & { adminCookie: string };
interface Person {
  id: string;
  email: string;
  cookie: string;
}

/**
 * An update mail may wait in the queue for hours (a backlog, an SMTP server down, retries for
 * about 3 hours): the consent it was queued under is asked again when it is sent.
 */
describe(`an update mail goes out only while the consent holds at sending (${engine})`, () => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  const workers: JobWorker[] = [];

  const api = (site: Site, method: 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { host: site.host, cookie }, ...(payload ? { payload } : {}) });

  async function site(slug: string): Promise<Site> {
    const created = await createTenantWithUser(ctx.db, slug);
    return { ...created, adminCookie: await signInCookie(ctx.app, created.host, created.email, created.password) };
  }

  /** A person of the site whose consent to update mails is confirmed. */
  async function consenting(on: Site, name: string): Promise<Person> {
    const email = `${name}@${on.host}`;
    const user = await createUser(ctx.db, on.tenant.id, { email, firstName: name, lastName: 'Person', roles: ['learner'], password: PASSWORD });
    await ctx.db.withTenant(on.tenant.id, (tx) =>
      tx.insert(mailConsents).values({ userId: user.id, email, status: 'confirmed', consentText: 'Yes, news please', confirmedAt: new Date() }),
    );
    return { id: user.id, email, cookie: await signInCookie(ctx.app, on.host, email, PASSWORD) };
  }

  /** The admin sends a mailing; its delivery job runs, but no mail goes out (no mail handler: a backlog, an outage). */
  async function queueMailing(on: Site, subject: string): Promise<void> {
    const delivery = startJobWorker(ctx.db, consentJobHandlers(ctx.db, testConfig(smtpEnv(smtp))), { pollMs: 25 });
    try {
      const sent = await api(on, 'POST', '/api/admin/update-mails', on.adminCookie, { subject, message: 'News' });
      expect(sent.statusCode).toBe(201);
      const id = sent.json<{ id: string }>().id;
      await eventually(async () => (await ctx.db.owner.select().from(updateMailings).where(eq(updateMailings.id, id)))[0]?.deliveredAt);
    } finally {
      await delivery.stop();
    }
  }

  const updateMailJobs = (on: Site) =>
    queryRows<{ to: string; payload: Record<string, unknown>; done: boolean; failed: boolean; last_error: string | null; attempts: number }>(
      ctx.db.owner,
      sql`select payload->>'to' as "to", payload, done_at is not null as done, failed_at is not null as failed, last_error, attempts from jobs
           where tenant_id = ${on.tenant.id} and kind = 'mail.send' and payload->>'template' = 'privacy.update_mail'`,
    );
  const allMailSent = () => eventually(async () => (await ctx.db.owner.select().from(jobs).where(and(eq(jobs.kind, 'mail.send'), isNull(jobs.doneAt)))).length === 0);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    ctx = await createTestApp({ env: smtpEnv(smtp) });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  it('a mail that waited in the queue is dropped for whoever withdrew, unsubscribed, was deactivated or got another address meanwhile', async () => {
    const acme = await site('acme');
    const stays = await consenting(acme, 'stella');
    const withdraws = await consenting(acme, 'wilma');
    const unsubscribes = await consenting(acme, 'ursula');
    const deactivated = await consenting(acme, 'dieter');
    const moved = await consenting(acme, 'mona');
    const movedElsewhere = await consenting(acme, 'otto');
    await queueMailing(acme, 'Backlog news');
    expect((await updateMailJobs(acme)).length).toBe(6);

    // While the mails wait:
    expect((await api(acme, 'DELETE', '/api/me/mail-consent', withdraws.cookie)).json()).toMatchObject({ status: 'withdrawn' });
    // The link of the very mail that waits in the queue.
    const waiting = (await updateMailJobs(acme)).find((job) => job.to === unsubscribes.email)!;
    const link = new URL(String(waiting.payload['unsubscribeUrl']));
    const unsubscribed = await ctx.app.inject({
      method: 'POST',
      url: `${link.pathname}${link.search}`,
      headers: { host: acme.host, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.statusCode).toBe(200);
    expect((await api(acme, 'POST', `/api/admin/users/${deactivated.id}/deactivate`, acme.adminCookie, {})).statusCode).toBe(200);
    expect((await api(acme, 'PATCH', `/api/admin/users/${moved.id}`, acme.adminCookie, { email: 'someone.else@elsewhere.test' })).statusCode).toBe(200);
    // An address changed by a path that leaves the consent alone (as one this code does not know would).
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.execute(sql`update users set email = 'otto.new@elsewhere.test' where id = ${movedElsewhere.id}`));

    // The mail server is back.
    workers.push(startMailWorker(ctx.db, smtp));
    await smtp.waitForMail((m) => sentTo(stays.email)(m) && m.subject === 'Backlog news');
    await allMailSent();
    expect(smtp.messages.filter((m) => m.subject === 'Backlog news').map((m) => m.to)).toEqual([[stays.email]]);

    // The others' mails are done, not failed and not retried, with the reason instead of the message.
    const byAddress = new Map((await updateMailJobs(acme)).map((job) => [job.to, job]));
    const dropped = (p: Person) => byAddress.get(p.email)!;
    for (const [person, reason] of [
      [withdraws, 'no_consent'],
      [unsubscribes, 'no_consent'],
      [deactivated, 'account_inactive'],
      // The administrator's change ended the consent (the old address gave it).
      [moved, 'no_consent'],
      [movedElsewhere, 'address_changed'],
    ] as const) {
      expect(dropped(person), person.email).toMatchObject({ done: true, failed: false, last_error: null, attempts: 1 });
      expect(dropped(person).payload).toEqual({ to: person.email, template: 'privacy.update_mail', subject: 'Backlog news', notSent: reason });
    }
    expect(smtp.messages.some((m) => m.to.some((to) => to.endsWith('@elsewhere.test')))).toBe(false);
  });

  it('a mail whose first attempt failed is not sent at its retry once the consent was withdrawn in between', async () => {
    const beta = await site('beta');
    const bea = await consenting(beta, 'bea');
    await queueMailing(beta, 'Retried news');
    // The SMTP server answers the first attempt with a temporary failure; the retry is due in 30 s.
    smtp.failNext(1);
    workers.push(startMailWorker(ctx.db, smtp));
    const [failed] = await eventually(async () => {
      const rows = await updateMailJobs(beta);
      return rows[0]?.last_error && rows[0].attempts === 1 ? rows : undefined;
    });
    expect(failed).toMatchObject({ done: false, last_error: expect.stringMatching(/451/) });

    expect((await api(beta, 'DELETE', '/api/me/mail-consent', bea.cookie)).json()).toMatchObject({ status: 'withdrawn' });
    // Time for the retry.
    await ctx.db.owner.execute(sql`update jobs set run_at = now() where tenant_id = ${beta.tenant.id} and kind = 'mail.send' and done_at is null`);
    const [retried] = await eventually(async () => {
      const rows = await updateMailJobs(beta);
      return rows[0]?.done ? rows : undefined;
    });
    expect(retried).toMatchObject({ attempts: 2, failed: false, done: true });
    expect(retried!.payload).toMatchObject({ notSent: 'no_consent' });
    expect(smtp.messages.filter((m) => m.subject === 'Retried news')).toEqual([]);
  });

  it('a node that does not know the check does not send the mail unchecked: it fails and is retried', async () => {
    const gamma = await site('gamma');
    await consenting(gamma, 'gus');
    await queueMailing(gamma, 'Unchecked news');
    // A mail handler without the consent feature's check (as a misconfigured node would run it).
    workers.push(startJobWorker(ctx.db, jobRegistry(mailJobHandlers(testConfig(smtpEnv(smtp)).mail, ctx.db)), { pollMs: 25 }));
    const [job] = await eventually(async () => {
      const rows = await updateMailJobs(gamma);
      return rows[0]?.last_error ? rows : undefined;
    });
    expect(job).toMatchObject({ done: false, failed: false, last_error: expect.stringMatching(/send check privacy\.mail_consent is not registered/) });
    expect(smtp.messages.filter((m) => m.subject === 'Unchecked news')).toEqual([]);
  });
});
