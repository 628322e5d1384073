import type { Registry } from 'prom-client';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { cachedProbe, registerScrapeGauge } from './scrape-gauge.js';

interface OpenJobs {
  kind: string;
  waiting: number | string;
  scheduled: number | string;
  running: number | string;
  oldest_waiting_seconds: number | string | null;
}

/** Open jobs per kind in one statement over the queue's partial index (done and failed jobs are not read). */
async function readOpenJobs(db: Db): Promise<OpenJobs[]> {
  return queryRows<OpenJobs>(
    db.owner,
    sql`select kind,
          count(*) filter (where run_at <= now() and (locked_until is null or locked_until < now())) as waiting,
          count(*) filter (where run_at > now() and (locked_until is null or locked_until < now())) as scheduled,
          count(*) filter (where locked_until >= now()) as running,
          extract(epoch from now() - min(run_at) filter (where run_at <= now() and (locked_until is null or locked_until < now()))) as oldest_waiting_seconds
        from jobs where done_at is null and failed_at is null
        group by kind`,
  );
}

/** Failed jobs are kept in the table with the done ones, so counting them reads the table: less often. */
async function readFailedJobs(db: Db): Promise<{ kind: string; failed: number | string }[]> {
  return queryRows(db.owner, sql`select kind, count(*) as failed from jobs where failed_at is not null group by kind`);
}

/**
 * The job queue at scrape time: waiting (due, unclaimed), scheduled (a later run, retries
 * included), running (claimed, lease not run out), failed (gave up after their attempts),
 * and how long the oldest due job has waited. Read at most every 5 s (failed: every 60 s).
 */
export function registerJobQueueMetrics(registry: Registry, db: Db): void {
  const open = cachedProbe(5_000, 2_000, () => readOpenJobs(db));
  const failed = cachedProbe(60_000, 5_000, () => readFailedJobs(db));
  const perKind = async (value: (row: OpenJobs) => number | string | null) =>
    ((await open()) ?? []).filter((row) => value(row) !== null).map((row) => ({ labels: { kind: row.kind }, value: Number(value(row)) }));
  registerScrapeGauge(registry, 'lectern_jobs_waiting', 'Jobs due and not yet claimed by a worker, by kind', () => perKind((row) => row.waiting));
  registerScrapeGauge(registry, 'lectern_jobs_scheduled', 'Jobs waiting for a later time (retries with backoff included), by kind', () => perKind((row) => row.scheduled));
  registerScrapeGauge(registry, 'lectern_jobs_running', 'Jobs claimed by a worker whose lease has not run out, by kind', () => perKind((row) => row.running));
  registerScrapeGauge(registry, 'lectern_jobs_oldest_waiting_age_seconds', 'How long the oldest due, unclaimed job of each kind has been due', () =>
    perKind((row) => (row.oldest_waiting_seconds === null || Number(row.waiting) === 0 ? null : row.oldest_waiting_seconds)),
  );
  registerScrapeGauge(registry, 'lectern_jobs_failed', 'Jobs that failed after their last attempt and stay failed (kept in the table), by kind', async () =>
    ((await failed()) ?? []).map((row) => ({ labels: { kind: row.kind }, value: Number(row.failed) })),
  );
}
