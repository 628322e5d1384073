import { sql } from 'drizzle-orm';
import type { Db, Orm } from '../db/client.js';
import { queryRows } from '../db/client.js';
import type { JobHandler, JobHandlers } from './job-registry.js';
import { insertJob } from './jobs.repository.js';

/** A job that runs every `everyMs` on one node of the cluster (housekeeping, scans). */
export interface RecurringJob {
  kind: string;
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * Makes sure the next run of `kind` is queued exactly once: under a transaction-level advisory
 * lock on the kind, a run is added only when no run is waiting that has not started yet (a run
 * being retried does not count: the chain goes on beside it). Several nodes starting at once
 * therefore queue one chain, not many.
 */
async function queueNextRun(db: Db, kind: string, runAt: Date): Promise<void> {
  await db.owner.transaction(async (tx: Orm) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`lectern.recurring.${kind}`}))`);
    const pending = await queryRows<{ id: number }>(
      tx,
      sql`select id from jobs where kind = ${kind} and done_at is null and failed_at is null and attempts = 0 limit 1`,
    );
    if (pending.length === 0) await insertJob(tx, { kind, payload: {}, runAt, maxAttempts: 3 });
  });
}

/** Handlers for the recurring jobs: each run queues the next before it works, so a crash does not end the chain. */
export function recurringJobHandlers(db: Db, recurring: RecurringJob[]): JobHandlers {
  const handlers: Record<string, JobHandler> = {};
  for (const job of recurring) {
    // The running job was claimed (attempts >= 1), so it does not count as the next run.
    handlers[job.kind] = async () => {
      await queueNextRun(db, job.kind, new Date(Date.now() + job.everyMs));
      await job.run();
    };
  }
  return handlers;
}

/** Queues the first run of every recurring job that has none pending (at start-up; safe on every node). */
export async function scheduleRecurringJobs(db: Db, recurring: RecurringJob[]): Promise<void> {
  for (const job of recurring) await queueNextRun(db, job.kind, new Date());
}
