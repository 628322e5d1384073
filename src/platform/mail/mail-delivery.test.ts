import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { sentTo, startMailWorker, startTestSmtpServer, tokenFromMail, type TestSmtpServer } from '../../../test/smtp-server.js';
import { createUser } from '../identity/users.service.js';
import { identityJobHandlers } from '../identity/identity.jobs.js';
import { jobRegistry } from '../jobs/job-registry.js';
import { startJobWorker, type JobWorker } from '../jobs/job-worker.js';
import { jobs } from '../jobs/jobs.schema.js';
import { mailJobHandlers } from './mail.jobs.js';

/** What happens to mail when the SMTP server misbehaves: the request never waits, the job is retried. */
describe(`mail delivery through the job queue (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  const servers: TestSmtpServer[] = [];
  const workers: JobWorker[] = [];
  let n = 0;

  async function newUser(): Promise<string> {
    const email = `person${++n}@acme.test`;
    await createUser(ctx.db, acme.tenant.id, { email, firstName: 'Pat', lastName: 'P', roles: ['learner'], password: 'Correct-Horse-9' });
    return email;
  }
  const requestReset = (email: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', headers: { host: acme.host }, payload: { email } });
  const mailJob = async (email: string) =>
    (await ctx.db.owner.select().from(jobs).where(sql`${jobs.payload}->>'to' = ${email}`))[0];
  const server = async (options: Parameters<typeof startTestSmtpServer>[0] = {}) => {
    const smtp = await startTestSmtpServer(options);
    servers.push(smtp);
    return smtp;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    // Each case starts with an empty queue.
    await ctx.db.owner.delete(jobs);
  });
  afterAll(async () => {
    await ctx.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('a server without STARTTLS gets nothing: the job fails, is retried, and the request was answered at once', async () => {
    const plain = await server({ starttls: false });
    workers.push(startMailWorker(ctx.db, plain, { retryBaseMs: 200, retryMaxMs: 400 }));
    const email = await newUser();

    const started = performance.now();
    const res = await requestReset(email);
    const elapsed = performance.now() - started;
    expect(res.statusCode).toBe(202);
    expect(elapsed).toBeLessThan(1000);

    const job = await eventually(async () => {
      const row = await mailJob(email);
      // The third attempt is over (claimed, failed, released).
      return row && row.attempts >= 3 && row.lockedUntil === null ? row : undefined;
    });
    expect(job.lastError).toMatch(/STARTTLS/);
    expect(job.doneAt).toBeNull();
    expect(job.failedAt).toBeNull();
    expect(job.runAt.getTime()).toBeGreaterThan(job.createdAt.getTime());
    expect(plain.connections()).toBeGreaterThanOrEqual(3);
    expect(plain.messages).toEqual([]);
  });

  it('a temporarily failing server gets the mail on a later attempt', async () => {
    const flaky = await server();
    flaky.failNext(2);
    workers.push(startMailWorker(ctx.db, flaky, { retryBaseMs: 100, retryMaxMs: 200 }));
    const email = await newUser();
    expect((await requestReset(email)).statusCode).toBe(202);

    const mail = await flaky.waitForMail(sentTo(email));
    expect(tokenFromMail(mail, '/reset-password')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const job = await eventually(async () => {
      const row = await mailJob(email);
      return row?.doneAt ? row : undefined;
    });
    expect(job.attempts).toBe(3);
    expect(job.lastError).toMatch(/451/);
    expect(flaky.messages.filter(sentTo(email))).toHaveLength(1);
  });

  it('without an SMTP server mail waits in the queue and goes out once one is configured', async () => {
    const email = await newUser();
    // As a node without LECTERN_SMTP_URL runs it: no mail handler; the reset job queues the mail.
    workers.push(startJobWorker(ctx.db, jobRegistry(mailJobHandlers(undefined), identityJobHandlers(ctx.db, testConfig())), { pollMs: 20 }));
    expect((await requestReset(email)).statusCode).toBe(202);
    await eventually(() => mailJob(email));
    await new Promise((r) => setTimeout(r, 200));
    expect(await mailJob(email)).toMatchObject({ attempts: 0, doneAt: null, failedAt: null });

    const smtp = await server();
    workers.push(startMailWorker(ctx.db, smtp));
    const mail = await smtp.waitForMail(sentTo(email));
    expect(mail.subject).toBe('Reset your password for ACME');
  });
});
