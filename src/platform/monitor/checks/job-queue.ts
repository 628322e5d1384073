import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import type { CheckResult } from '../check.js';

/**
 * The job queue: jobs due now and not done (depth), how long the oldest of them has waited, and
 * the jobs that gave up (failed for good) in the last hour. A worker that stopped, or one that
 * cannot keep up, shows as a growing wait.
 */
export async function checkJobQueue(db: Db): Promise<CheckResult> {
  const [row] = await queryRows<{ depth: number; oldest_seconds: number | null; failed: number }>(
    db.owner,
    sql`select (select count(*)::int from jobs where done_at is null and failed_at is null and run_at <= now()) as depth,
               (select extract(epoch from now() - min(run_at))::float8 from jobs where done_at is null and failed_at is null and run_at <= now()) as oldest_seconds,
               (select count(*)::int from jobs where failed_at > now() - interval '1 hour') as failed`,
  );
  const oldest = Math.max(0, Math.round(row?.oldest_seconds ?? 0));
  return {
    component: 'jobs',
    status: 'ok',
    values: { depth: row?.depth ?? 0, oldest_due_seconds: oldest, failed_last_hour: row?.failed ?? 0 },
    message: `${row?.depth ?? 0} due, the oldest waiting ${oldest} s; ${row?.failed ?? 0} failed in the last hour`,
  };
}
