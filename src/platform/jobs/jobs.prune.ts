import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { RecurringJob } from './recurring-jobs.js';

/** How long a finished job stays for a look at what ran; a failed one stays longer, to be looked into and sent again. */
export const KEEP_DONE_JOBS_DAYS = 7;
export const KEEP_FAILED_JOBS_DAYS = 30;

/**
 * Deletes old finished and given-up jobs. Without it the queue table grows by every mail, event
 * and housekeeping run for ever (the monitor alone adds thousands a day), and the queries that
 * count failed jobs for the metrics and the monitor read all of it.
 */
export async function pruneJobs(db: Db, now = new Date()): Promise<number> {
  const result = (await db.owner.execute(sql`delete from jobs
    where (done_at is not null and done_at < ${now.toISOString()}::timestamptz - make_interval(days => ${KEEP_DONE_JOBS_DAYS}))
       or (failed_at is not null and failed_at < ${now.toISOString()}::timestamptz - make_interval(days => ${KEEP_FAILED_JOBS_DAYS}))`)) as unknown as { affectedRows?: number; rowCount?: number };
  return result.rowCount ?? result.affectedRows ?? 0;
}

/** Daily. */
export function jobsRecurringJobs(db: Db): RecurringJob[] {
  return [{ kind: 'jobs.prune', everyMs: 24 * 60 * 60_000, run: async () => void (await pruneJobs(db)) }];
}
