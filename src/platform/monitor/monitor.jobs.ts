import { sql } from 'drizzle-orm';
import type { RecurringJob } from '../jobs/recurring-jobs.js';
import { runMonitor, type MonitorRunDeps } from './monitor-run.js';

export const MONITOR_RUN = 'monitor.run';

/**
 * The monitor's round as a recurring job: the job queue runs it on one node at a time, every
 * `intervalMs`. Each round also deletes the finished rounds older than an hour, so a job every
 * 30 seconds does not grow the queue's table.
 */
export function monitorRecurringJobs(deps: MonitorRunDeps & { intervalMs: number }): RecurringJob[] {
  return [
    {
      kind: MONITOR_RUN,
      everyMs: deps.intervalMs,
      run: async () => {
        await runMonitor(deps);
        await deps.db.owner.execute(sql`delete from jobs where kind = ${MONITOR_RUN} and done_at < now() - interval '1 hour'`);
      },
    },
  ];
}
