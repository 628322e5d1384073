import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { sentTo, startTestSmtpServer, type TestSmtpServer } from '../../../test/smtp-server.js';
import { queryRows } from '../../platform/db/client.js';
import { users } from '../../platform/identity/identity.schema.js';
import { createUser } from '../../platform/identity/users.service.js';
import { jobRegistry } from '../../platform/jobs/job-registry.js';
import { startJobWorker, type JobWorker } from '../../platform/jobs/job-worker.js';
import { mailJobHandlers } from '../../platform/mail/mail.jobs.js';
import { updateTenantSettings } from '../../platform/tenancy/tenants.repository.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { enrolments } from '../enrolments/enrolments.schema.js';
import { recurringJobHandlers, scheduleRecurringJobs } from '../../platform/jobs/recurring-jobs.js';
import { learnJobHandlers, learnRecurringJobs } from '../learn.jobs.js';
import { notifyEnrolled } from './enrolment-notices.js';
import { renderNotice } from './notice-templates.js';
import { scanDueNotices } from './notices.service.js';

const DAY = 86_400_000;

/** A TCP relay in front of the SMTP server that can be taken down and brought back on the same port. */
async function startRelay(targetPort: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        client.on('error', () => upstream.destroy()).on('close', () => sockets.delete(client));
        upstream.on('error', () => client.destroy()).on('close', () => sockets.delete(upstream));
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server?.close(() => resolve());
    });
  await open();
  return { port: () => port, open, close };
}

describe(`learn notifications (${engine})`, () => {
  let ctx: TestContext;
  let smtp: TestSmtpServer;
  let worker: JobWorker | undefined;
  let acme: Tenant;
  let host: string;
  let adminEmail: string;
  const config = testConfig();

  function startWorker(smtpUrl: string): JobWorker {
    const mail = testConfig({ LECTERN_SMTP_URL: smtpUrl, LECTERN_MAIL_FROM: 'Lectern <no-reply@lectern.test>', LECTERN_SMTP_TLS_REJECT_UNAUTHORIZED: 'false' }).mail;
    return startJobWorker(ctx.db, jobRegistry(mailJobHandlers(mail), learnJobHandlers({ db: ctx.db, config })), {
      pollMs: 25,
      retryBaseMs: 50,
      retryMaxMs: 200,
    });
  }

  /** Waits until every queued job has run (mails included). */
  const drained = () =>
    eventually(async () => {
      const [row] = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from jobs where done_at is null and failed_at is null and kind <> 'learn.due_notices'`);
      return Number(row?.n) === 0;
    });

  const mailsTo = (address: string, template: string) =>
    queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from jobs where kind = 'mail.send' and payload->>'to' = ${address} and payload->>'template' = ${template}`).then(
      ([row]) => Number(row?.n),
    );

  /** What the user's bell holds, oldest first. */
  const bellOf = (tenant: Tenant, userId: string) =>
    ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ kind: string; params: Record<string, string>; link: string | null }>(tx, sql`select kind, params, link from in_app_notifications where user_id = ${userId} order by created_at, id`),
    );

  async function learner(tenant: Tenant, email: string, firstName: string, options: { language?: 'de' | 'en'; status?: 'deactivated' } = {}): Promise<string> {
    const user = await createUser(ctx.db, tenant.id, { email, firstName, lastName: 'Learner', password: PASSWORD });
    if (options.language || options.status) {
      await ctx.db.withTenant(tenant.id, (tx) =>
        tx
          .update(users)
          .set({ ...(options.language ? { language: options.language } : {}), ...(options.status ? { status: options.status } : {}) })
          .where(eq(users.id, user.id)),
      );
    }
    return user.id;
  }

  /** As learn/enrolments does it: the enrolment and its notice in one transaction. */
  async function enrolAndNotify(tenant: Tenant, courseId: string, userId: string, dueAt: Date | null): Promise<string> {
    return ctx.db.withTenant(tenant.id, async (tx) => {
      const [row] = await tx.insert(enrolments).values({ courseId, userId, dueAt }).returning({ id: enrolments.id });
      await notifyEnrolled(tx, [row!.id]);
      return row!.id;
    });
  }

  async function setEnrolment(tenant: Tenant, id: string, values: Partial<typeof enrolments.$inferInsert>) {
    await ctx.db.withTenant(tenant.id, (tx) => tx.update(enrolments).set(values).where(eq(enrolments.id, id)));
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    smtp = await startTestSmtpServer();
    const site = await createTenantWithUser(ctx.db, 'acme');
    acme = site.tenant;
    host = site.host;
    adminEmail = site.email;
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp.close();
    await ctx.close();
  });

  it('mails the enrolment notice over STARTTLS in the learner’s language, with the due date and a link to the course', async () => {
    worker = startWorker(smtp.url);
    const course = await createScormCourse(ctx.db, acme.id, { title: 'Safety <b>first</b> & more' });
    const en = await learner(acme, 'erin@acme.test', 'Erin');
    const de = await learner(acme, 'dora@acme.test', 'Dora', { language: 'de' });
    const due = new Date('2031-03-14T16:30:00Z');
    const enId = await enrolAndNotify(acme, course.courseId, en, due);
    const deId = await enrolAndNotify(acme, course.courseId, de, null);

    const english = await smtp.waitForMail(sentTo('erin@acme.test'));
    expect(english.secure).toBe(true);
    expect(english.subject).toBe('You have been enrolled in "Safety <b>first</b> & more"');
    expect(english.text).toContain('Hello Erin,');
    expect(english.text).toContain('Please complete it by 14 March 2031, 16:30 UTC.');
    expect(english.text).toContain(`http://acme.test:${config.port}/play/${enId}`);
    expect(english.html).toContain('Safety &#60;b&#62;first&#60;/b&#62; &#38; more');
    expect(english.html).not.toContain('<b>first</b>');

    const german = await smtp.waitForMail(sentTo('dora@acme.test'));
    expect(german.subject).toBe('Sie wurden in den Kurs „Safety <b>first</b> & more“ eingeschrieben');
    expect(german.text).toContain('Hallo Dora,');
    expect(german.text).toContain('Sie können beginnen, wann es Ihnen passt.');
    expect(german.text).toContain(`/play/${deId}`);

    // The bell says the same, with what its text names and where it leads.
    expect(await bellOf(acme, en)).toEqual([{ kind: 'learn.enrolled', params: { courseTitle: 'Safety <b>first</b> & more', dueAt: '2031-03-14T16:30:00.000Z' }, link: `/play/${enId}` }]);
    expect(await bellOf(acme, de)).toEqual([{ kind: 'learn.enrolled', params: { courseTitle: 'Safety <b>first</b> & more' }, link: `/play/${deId}` }]);
  });

  it("uses the site's language when the learner has none, and the language recorded at sign-in when there is one", async () => {
    const site = await createTenantWithUser(ctx.db, 'beta');
    await updateTenantSettings(ctx.db.owner, site.tenant.id, { locale: 'de', branding: { siteName: 'Beta Akademie' } });
    const beta = { ...site.tenant, settings: { locale: 'de' as const } };
    const course = await createScormCourse(ctx.db, beta.id, { title: 'Erste Hilfe' });
    const hans = await learner(beta, 'hans@beta.test', 'Hans');
    await enrolAndNotify(beta, course.courseId, hans, null);
    const hansMail = await smtp.waitForMail(sentTo('hans@beta.test'));
    expect(hansMail.subject).toBe('Sie wurden in den Kurs „Erste Hilfe“ eingeschrieben');
    // The site's branded name, not its tenant name.
    expect(hansMail.text).toContain('Sie wurden bei Beta Akademie in den Kurs „Erste Hilfe“ eingeschrieben.');

    // Signing in with an English UI records English for this user.
    const emma = await learner(beta, 'emma@beta.test', 'Emma');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host: site.host, 'accept-language': 'en-GB,en;q=0.9' },
      payload: { email: 'emma@beta.test', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    await enrolAndNotify(beta, course.courseId, emma, null);
    expect((await smtp.waitForMail(sentTo('emma@beta.test'))).subject).toBe('You have been enrolled in "Erste Hilfe"');
  });

  it('sends no enrolment notice to a deactivated learner or for an unpublished course', async () => {
    const course = await createScormCourse(ctx.db, acme.id, { title: 'Quiet course' });
    const draft = await createScormCourse(ctx.db, acme.id, { title: 'Draft course', status: 'draft' });
    const gone = await learner(acme, 'gone@acme.test', 'Gone', { status: 'deactivated' });
    const here = await learner(acme, 'here@acme.test', 'Here');
    await enrolAndNotify(acme, course.courseId, gone, null);
    await enrolAndNotify(acme, draft.courseId, here, null);
    await drained();
    expect(await mailsTo('gone@acme.test', 'learn.enrolled')).toBe(0);
    expect(await mailsTo('here@acme.test', 'learn.enrolled')).toBe(0);
    expect(await bellOf(acme, gone)).toEqual([]);
    expect(await bellOf(acme, here)).toEqual([]);
  });

  it('reminds once, 3 days before the due date, only learners who have not completed', async () => {
    const now = new Date();
    const course = await createScormCourse(ctx.db, acme.id, { title: 'Reminder course' });
    const long = new Date(now.getTime() - 20 * DAY);
    const cases = {
      due: { due: 2 * DAY, enrolledAt: long },
      done: { due: 2 * DAY, enrolledAt: long, status: 'completed' as const },
      passed: { due: 1 * DAY, enrolledAt: long, status: 'passed' as const },
      later: { due: 10 * DAY, enrolledAt: long },
      fresh: { due: 2 * DAY, enrolledAt: new Date(now.getTime() - DAY) },
    };
    const learners: Record<string, string> = {};
    for (const [key, c] of Object.entries(cases)) {
      learners[key] = await learner(acme, `r-${key}@acme.test`, key);
      const id = await enrolDirectly(ctx.db, acme.id, course.courseId, learners[key], new Date(now.getTime() + c.due));
      await setEnrolment(acme, id, { enrolledAt: c.enrolledAt, ...('status' in c ? { status: c.status } : {}) });
    }
    const first = await scanDueNotices({ db: ctx.db, config }, now);
    expect(first.reminders).toBe(1);
    const mail = await smtp.waitForMail(sentTo('r-due@acme.test'));
    expect(mail.subject).toMatch(/^Reminder: "Reminder course" is due on /);
    expect(mail.text).toContain('is not completed yet');

    const second = await scanDueNotices({ db: ctx.db, config }, new Date(now.getTime() + 60_000));
    expect(second.reminders).toBe(0);
    await drained();
    expect(await mailsTo('r-due@acme.test', 'learn.reminder')).toBe(1);
    for (const key of ['done', 'passed', 'later', 'fresh']) expect(await mailsTo(`r-${key}@acme.test`, 'learn.reminder'), key).toBe(0);
    expect((await bellOf(acme, learners.due!)).map((notice) => notice.kind)).toEqual(['learn.reminder']);
    for (const key of ['done', 'passed', 'later', 'fresh']) expect(await bellOf(acme, learners[key]!), key).toEqual([]);

    // Ten days later the "later" enrolment falls into its window.
    const later = await scanDueNotices({ db: ctx.db, config }, new Date(now.getTime() + 8 * DAY));
    expect(later.reminders).toBe(1);
    await smtp.waitForMail(sentTo('r-later@acme.test'));
  });

  it('reminds as many days ahead as the site sets', async () => {
    const now = new Date();
    const site = await createTenantWithUser(ctx.db, 'gamma');
    await updateTenantSettings(ctx.db.owner, site.tenant.id, { notifications: { reminderDaysBeforeDue: 10 } });
    const course = await createScormCourse(ctx.db, site.tenant.id, { title: 'Long lead course' });
    for (const [key, days] of [['eight', 8], ['twelve', 12]] as const) {
      const id = await enrolDirectly(ctx.db, site.tenant.id, course.courseId, await learner(site.tenant, `${key}@gamma.test`, key), new Date(now.getTime() + days * DAY));
      await setEnrolment(site.tenant, id, { enrolledAt: new Date(now.getTime() - 20 * DAY) });
    }
    await scanDueNotices({ db: ctx.db, config }, now);
    await smtp.waitForMail(sentTo('eight@gamma.test'));
    await drained();
    expect(await mailsTo('eight@gamma.test', 'learn.reminder')).toBe(1);
    expect(await mailsTo('twelve@gamma.test', 'learn.reminder')).toBe(0);
  });

  it('tells a learner once when the due date has passed, in German when that is their language', async () => {
    const now = new Date();
    const course = await createScormCourse(ctx.db, acme.id, { title: 'Overdue course' });
    const late = await learner(acme, 'late@acme.test', 'Lena', { language: 'de' });
    const done = await learner(acme, 'done@acme.test', 'Dan');
    const off = await learner(acme, 'off@acme.test', 'Otto', { status: 'deactivated' });
    const due = new Date(now.getTime() - DAY);
    await enrolDirectly(ctx.db, acme.id, course.courseId, late, due);
    const doneId = await enrolDirectly(ctx.db, acme.id, course.courseId, done, due);
    await setEnrolment(acme, doneId, { status: 'passed', completedAt: now });
    await enrolDirectly(ctx.db, acme.id, course.courseId, off, due);

    const scan = await scanDueNotices({ db: ctx.db, config }, now);
    expect(scan.overdue).toBeGreaterThanOrEqual(1);
    const mail = await smtp.waitForMail(sentTo('late@acme.test'));
    expect(mail.subject).toBe('Überfällig: „Overdue course“');
    expect(mail.text).toContain('war am');
    expect(mail.text).toContain('Bitte schließen Sie ihn so bald wie möglich ab.');

    await scanDueNotices({ db: ctx.db, config }, new Date(now.getTime() + DAY));
    await drained();
    expect(await mailsTo('late@acme.test', 'learn.overdue')).toBe(1);
    expect(await mailsTo('done@acme.test', 'learn.overdue')).toBe(0);
    expect(await mailsTo('off@acme.test', 'learn.overdue')).toBe(0);
    // An overdue enrolment gets no reminder any more.
    expect(await mailsTo('late@acme.test', 'learn.reminder')).toBe(0);
    expect(await bellOf(acme, late)).toEqual([{ kind: 'learn.overdue', params: { courseTitle: 'Overdue course', dueAt: due.toISOString() }, link: expect.stringMatching(/^\/play\//) }]);
    expect(await bellOf(acme, done)).toEqual([]);
  });

  it('an enrolment succeeds while the mail server is down, and its mail arrives once the server is back', async () => {
    await worker?.stop();
    const relay = await startRelay(smtp.port);
    await relay.close(); // the mail server is down
    worker = startWorker(`smtp://127.0.0.1:${relay.port()}`);

    const course = await createScormCourse(ctx.db, acme.id, { title: 'Retry course' });
    const userId = await learner(acme, 'retry@acme.test', 'Rita');
    const admin = await signInCookie(ctx.app, host, adminEmail, PASSWORD);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/learn/courses/${course.courseId}/enrolments`,
      headers: { host, cookie: admin },
      payload: { userIds: [userId], dueAt: '2031-01-31T12:00:00.000Z' },
    });
    expect(res.statusCode).toBe(200);
    const [enrolmentId] = (res.json() as { created: string[] }).created;
    expect(enrolmentId).toBeDefined();

    // The send fails and is scheduled again.
    await eventually(async () => {
      const rows = await queryRows<{ last_error: string | null }>(
        ctx.db.owner,
        sql`select last_error from jobs where kind = 'mail.send' and payload->>'to' = 'retry@acme.test' and done_at is null`,
      );
      return rows[0]?.last_error ? rows[0] : undefined;
    });
    expect(smtp.messages.some(sentTo('retry@acme.test'))).toBe(false);

    await relay.open(); // back on the same port
    const mail = await smtp.waitForMail(sentTo('retry@acme.test'));
    expect(mail.text).toContain(`/play/${enrolmentId}`);
    expect(mail.text).toContain('31 January 2031, 12:00 UTC');
    await relay.close();
  });

  it('the scan runs as a recurring job of the worker (as the server schedules it)', async () => {
    await worker?.stop();
    const course = await createScormCourse(ctx.db, acme.id, { title: 'Scheduled course' });
    const userId = await learner(acme, 'sched@acme.test', 'Sam');
    await enrolDirectly(ctx.db, acme.id, course.courseId, userId, new Date(Date.now() - DAY));
    const recurring = learnRecurringJobs({ db: ctx.db, config });
    const mail = testConfig({ LECTERN_SMTP_URL: smtp.url, LECTERN_MAIL_FROM: 'Lectern <no-reply@lectern.test>', LECTERN_SMTP_TLS_REJECT_UNAUTHORIZED: 'false' }).mail;
    worker = startJobWorker(ctx.db, jobRegistry(mailJobHandlers(mail), learnJobHandlers({ db: ctx.db, config }), recurringJobHandlers(ctx.db, recurring)), { pollMs: 25 });
    await scheduleRecurringJobs(ctx.db, recurring);
    expect((await smtp.waitForMail(sentTo('sched@acme.test'))).subject).toBe('Overdue: "Scheduled course"');
  });

  it('escapes every value in the HTML and keeps the subject on one line', () => {
    const mail = renderNotice('reminder', 'en', {
      tenantName: 'Acme "Academy"',
      firstName: '<img src=x onerror=alert(1)>',
      courseTitle: 'Line\r\nBcc: victim@example.com',
      dueAt: new Date('2030-01-02T03:04:00Z'),
      link: 'https://acme.test/play/1?a=1&b=2',
    });
    expect(mail.subject).toBe('Reminder: "Line Bcc: victim@example.com" is due on 2 January 2030, 03:04 UTC');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(mail.html).toContain('href="https://acme.test/play/1?a=1&#38;b=2"');
  });
});
