import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseError } from '../../../test/db-error.js';
import { createTestDb, engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { enqueueJob } from './enqueue-job.js';
import { jobRegistry, type JobHandlers } from './job-registry.js';
import { retryDelayMs, startJobWorker, type JobWorker } from './job-worker.js';
import { jobs } from './jobs.schema.js';

describe('retry back-off', () => {
  it('doubles from the base with every attempt and stops growing at the cap', () => {
    const delays = [1, 2, 3, 4, 8, 20].map((n) => retryDelayMs(n, 30_000, 3_600_000));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });
});

describe(`job queue (${engine})`, () => {
  let db: Db;
  let tenantId: string;
  const workers: JobWorker[] = [];
  const start = (handlers: JobHandlers, options: Parameters<typeof startJobWorker>[2] = {}) => {
    const worker = startJobWorker(db, handlers, { pollMs: 20, ...options });
    workers.push(worker);
    return worker;
  };
  const jobById = async (id: number) => (await db.owner.select().from(jobs).where(eq(jobs.id, id)))[0];
  const jobOfKind = async (kind: string) => (await db.owner.select().from(jobs).where(eq(jobs.kind, kind)))[0];

  beforeAll(async () => {
    db = await createTestDb();
    tenantId = (await createTenant(db, { slug: 'acme', name: 'Acme' })).id;
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(() => db.close());

  it('a job enqueued inside a tenant transaction belongs to that tenant, and the application role cannot read the queue', async () => {
    await db.withTenant(tenantId, (tx) => enqueueJob(tx, { kind: 'test.tenant', payload: { n: 1 } }));
    const job = await jobOfKind('test.tenant');
    expect(job).toMatchObject({ tenantId, payload: { n: 1 }, attempts: 0, doneAt: null });
    expect(await databaseError(db.withTenant(tenantId, (tx) => queryRows(tx, sql`select * from jobs`)))).toMatch(/permission denied/);
  });

  it('a job enqueued in a transaction that rolls back never exists', async () => {
    await expect(
      db.withTenant(tenantId, async (tx) => {
        await enqueueJob(tx, { kind: 'test.rolled_back', payload: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await jobOfKind('test.rolled_back')).toBeUndefined();
  });

  it('runs a due job once with its payload and marks it done, keeping only what the handler allows', async () => {
    const seen: unknown[] = [];
    await db.withTenant(tenantId, (tx) => enqueueJob(tx, { kind: 'test.run', payload: { secret: 'link', to: 'a@b.test' } }));
    start({
      'test.run': async (payload, job) => {
        seen.push({ payload, tenantId: job.tenantId, attempts: job.attempts });
        return { keepPayload: { to: payload.to } };
      },
    });
    const done = await eventually(async () => {
      const job = await jobOfKind('test.run');
      return job?.doneAt ? job : undefined;
    });
    expect(seen).toEqual([{ payload: { secret: 'link', to: 'a@b.test' }, tenantId, attempts: 1 }]);
    expect(done).toMatchObject({ attempts: 1, payload: { to: 'a@b.test' }, lastError: null, failedAt: null, lockedUntil: null });
  });

  it('a job due later waits until its time', async () => {
    const ran: string[] = [];
    await enqueueJob(db.owner, { kind: 'test.later', payload: {}, runAt: new Date(Date.now() + 60_000) });
    start({ 'test.later': async () => void ran.push('later') });
    await new Promise((r) => setTimeout(r, 200));
    expect(ran).toEqual([]);
    await db.owner.update(jobs).set({ runAt: new Date(Date.now() - 1000) }).where(eq(jobs.kind, 'test.later'));
    await eventually(async () => ran.length === 1);
  });

  it('a failing job is retried with growing pauses, then given up with its last error', async () => {
    let calls = 0;
    await enqueueJob(db.owner, { kind: 'test.flaky', payload: {}, maxAttempts: 3 });
    start(
      {
        'test.flaky': async () => {
          calls++;
          throw new Error(`server said no (${calls})`);
        },
      },
      { retryBaseMs: 5_000 },
    );
    const afterFirst = await eventually(async () => {
      const job = await jobOfKind('test.flaky');
      return job?.lastError ? job : undefined;
    });
    expect(afterFirst.attempts).toBe(1);
    expect(afterFirst.lastError).toBe('Error: server said no (1)');
    expect(afterFirst.failedAt).toBeNull();
    // Rescheduled by the back-off (5 s for the first retry), not run again at once.
    expect(afterFirst.runAt.getTime() - Date.now()).toBeGreaterThan(3_000);
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(1);

    // Make the retries due now instead of waiting for them.
    for (const attempt of [2, 3]) {
      await db.owner.update(jobs).set({ runAt: new Date(Date.now() - 1000) }).where(eq(jobs.kind, 'test.flaky'));
      // Wait for the failure to be recorded: it reschedules the job, and would undo an earlier move of runAt.
      await eventually(async () => {
        const job = await jobOfKind('test.flaky');
        return job?.attempts === attempt && job.lastError === `Error: server said no (${attempt})`;
      });
    }
    const failed = await eventually(async () => {
      const job = await jobOfKind('test.flaky');
      return job?.failedAt ? job : undefined;
    });
    expect(failed).toMatchObject({ attempts: 3, lastError: 'Error: server said no (3)', doneAt: null });
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(3);
  });

  it('a worker leaves jobs of kinds it has no handler for waiting', async () => {
    await enqueueJob(db.owner, { kind: 'test.foreign', payload: {} });
    start({ 'test.other': async () => {} });
    await new Promise((r) => setTimeout(r, 200));
    expect(await jobOfKind('test.foreign')).toMatchObject({ attempts: 0, doneAt: null, lockedUntil: null });
  });

  it('two workers side by side run each job exactly once', async () => {
    const runs: number[] = [];
    for (let n = 0; n < 12; n++) await enqueueJob(db.owner, { kind: 'test.shared', payload: { n } });
    const handler: JobHandlers = {
      'test.shared': async (payload) => {
        runs.push(payload.n as number);
        await new Promise((r) => setTimeout(r, 10));
      },
    };
    start(handler, { concurrency: 3 });
    start(handler, { concurrency: 3 });
    await eventually(async () => {
      const rows = await db.owner.select().from(jobs).where(eq(jobs.kind, 'test.shared'));
      return rows.every((r) => r.doneAt) ? rows : undefined;
    });
    expect([...runs].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  });

  it('a job whose worker vanished (lease ran out) is taken up again', async () => {
    await enqueueJob(db.owner, { kind: 'test.orphan', payload: {} });
    const orphan = await jobOfKind('test.orphan');
    // As if a worker had claimed it and died: attempt counted, lease already over.
    await db.owner
      .update(jobs)
      .set({ attempts: 1, lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, orphan!.id));
    start({ 'test.orphan': async () => {} });
    const done = await eventually(async () => {
      const job = await jobById(orphan!.id);
      return job?.doneAt ? job : undefined;
    });
    expect(done.attempts).toBe(2);
  });

  it('stop() waits for the running job to finish and then claims nothing more', async () => {
    let release: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    await enqueueJob(db.owner, { kind: 'test.slow', payload: {} });
    const worker = startJobWorker(db, {
      'test.slow': async () => {
        release();
        await new Promise((r) => setTimeout(r, 200));
        finished = true;
      },
    }, { pollMs: 20 });
    await started;
    await worker.stop();
    expect(finished).toBe(true);
    expect((await jobOfKind('test.slow'))?.doneAt).not.toBeNull();

    await enqueueJob(db.owner, { kind: 'test.slow', payload: { second: true } });
    await new Promise((r) => setTimeout(r, 150));
    const rows = await db.owner.select().from(jobs).where(eq(jobs.kind, 'test.slow'));
    expect(rows.filter((r) => r.doneAt === null)).toHaveLength(1);
  });

  it('refuses two handlers for one kind', () => {
    const handler = async () => {};
    expect(() => jobRegistry({ 'mail.send': handler }, { 'mail.send': handler })).toThrow(/two handlers/);
  });
});
