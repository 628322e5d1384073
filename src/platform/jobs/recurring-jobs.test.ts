import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engine } from '../../../test/db.js';
import { eventually } from '../../../test/eventually.js';
import { queryRows, type Db } from '../db/client.js';
import { jobRegistry } from './job-registry.js';
import { startJobWorker } from './job-worker.js';
import { recurringJobHandlers, scheduleRecurringJobs, type RecurringJob } from './recurring-jobs.js';

describe(`recurring jobs (${engine})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const pending = async (kind: string) =>
    (await queryRows<{ n: number }>(db.owner, sql`select count(*)::int as n from jobs where kind = ${kind} and done_at is null and failed_at is null`))[0]!.n;

  it('queues one pending run however often (and from however many nodes) it is scheduled', async () => {
    const job: RecurringJob = { kind: 'test.once', everyMs: 60_000, run: async () => {} };
    await Promise.all([scheduleRecurringJobs(db, [job]), scheduleRecurringJobs(db, [job]), scheduleRecurringJobs(db, [job])]);
    await scheduleRecurringJobs(db, [job]);
    expect(await pending('test.once')).toBe(1);
  });

  it('runs again and again, keeping exactly one next run queued, even after a failing run', async () => {
    let runs = 0;
    const job: RecurringJob = {
      kind: 'test.tick',
      everyMs: 30,
      run: async () => {
        runs += 1;
        if (runs === 2) throw new Error('a bad run');
      },
    };
    await scheduleRecurringJobs(db, [job]);
    const worker = startJobWorker(db, jobRegistry(recurringJobHandlers(db, [job])), { pollMs: 10, retryBaseMs: 10_000 });
    try {
      await eventually(async () => runs >= 4, 10_000);
    } finally {
      await worker.stop();
    }
    // The failing run waits for its retry; the chain went on without it and has one next run.
    const rows = await queryRows<{ n: number }>(
      db.owner,
      sql`select count(*)::int as n from jobs where kind = 'test.tick' and done_at is null and failed_at is null and attempts = 0`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});
