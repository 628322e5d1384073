import { eq, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';
import { jobs } from './jobs.schema.js';

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** When the job becomes due; now when omitted. */
  runAt?: Date;
  /** The tenant the job belongs to; the transaction's tenant (withTenant) when omitted. */
  tenantId?: string;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: number;
  tenantId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  /** Counts this attempt. */
  attempts: number;
  maxAttempts: number;
}

/** Insert only: inside withTenant the application role may add jobs but not read them (no RETURNING). */
export async function insertJob(tx: Orm, job: NewJob): Promise<void> {
  await tx.insert(jobs).values({
    kind: job.kind,
    payload: job.payload,
    tenantId: job.tenantId ?? sql`nullif(current_setting('app.tenant_id', true), '')::uuid`,
    ...(job.runAt ? { runAt: job.runAt } : {}),
    ...(job.maxAttempts ? { maxAttempts: job.maxAttempts } : {}),
  });
}

const milliseconds = (ms: number) => sql`(${ms}::double precision * interval '1 millisecond')`;

/**
 * Claims up to `limit` due jobs of the given kinds in one statement: each gets a lease and its
 * attempt counted. SKIP LOCKED lets several workers claim side by side without waiting or
 * taking the same job; a job whose lease ran out (its worker died) is due again.
 */
export async function claimDueJobs(orm: Orm, kinds: string[], limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  if (kinds.length === 0 || limit <= 0) return [];
  const kindList = sql.join(
    kinds.map((kind) => sql`${kind}`),
    sql`, `,
  );
  const rows = await queryRows<{
    id: number | string;
    tenant_id: string | null;
    kind: string;
    payload: Record<string, unknown>;
    attempts: number;
    max_attempts: number;
  }>(
    orm,
    sql`update ${jobs} set locked_until = now() + ${milliseconds(leaseMs)}, attempts = attempts + 1
        where id in (
          select id from ${jobs}
          where done_at is null and failed_at is null and run_at <= now()
            and (locked_until is null or locked_until < now())
            and kind in (${kindList})
          order by run_at
          limit ${limit}
          for update skip locked)
        returning id, tenant_id, kind, payload, attempts, max_attempts`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    tenantId: r.tenant_id,
    kind: r.kind,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
  }));
}

export async function markJobDone(orm: Orm, id: number, keptPayload?: Record<string, unknown>): Promise<void> {
  await orm
    .update(jobs)
    .set({ doneAt: sql`now()`, lockedUntil: null, ...(keptPayload ? { payload: keptPayload } : {}) })
    .where(eq(jobs.id, id));
}

export async function markJobForRetry(orm: Orm, id: number, error: string, delayMs: number): Promise<void> {
  await orm
    .update(jobs)
    .set({ lastError: error, lockedUntil: null, runAt: sql`now() + ${milliseconds(delayMs)}` })
    .where(eq(jobs.id, id));
}

export async function markJobFailed(orm: Orm, id: number, error: string): Promise<void> {
  await orm.update(jobs).set({ lastError: error, lockedUntil: null, failedAt: sql`now()` }).where(eq(jobs.id, id));
}
