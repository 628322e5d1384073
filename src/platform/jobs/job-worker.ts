import type { Db } from '../db/client.js';
import type { JobHandlers } from './job-registry.js';
import { claimDueJobs, markJobDone, markJobFailed, markJobForRetry, type ClaimedJob } from './jobs.repository.js';

/** The log calls the worker makes; a pino or Fastify logger fits. */
export interface JobLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobWorkerOptions {
  /** How often due jobs are looked for. */
  pollMs?: number;
  /** Jobs run at the same time by this worker. */
  concurrency?: number;
  /** How long a claimed job is reserved; after that another worker may take it (its worker died). */
  leaseMs?: number;
  /** The first retry waits this long; each further one twice as long, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  log?: JobLog;
}

export interface JobWorker {
  /** Stops claiming and waits for the jobs that are running. */
  stop(): Promise<void>;
}

const silent: JobLog = { info() {}, warn() {}, error() {} };
const MAX_ERROR_LENGTH = 2000;

/** The wait before the next attempt: retryBase · 2^(attempts-1), capped at retryMax. */
export function retryDelayMs(attempts: number, retryBaseMs: number, retryMaxMs: number): number {
  return Math.min(retryBaseMs * 2 ** Math.max(0, attempts - 1), retryMaxMs);
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

/**
 * Polls the jobs table and runs due jobs of the registered kinds. Any number of nodes may run a
 * worker against the same database: claiming uses FOR UPDATE SKIP LOCKED, so each job runs once
 * per attempt. A failing job is retried with exponential back-off until its max_attempts.
 */
export function startJobWorker(db: Db, handlers: JobHandlers, options: JobWorkerOptions = {}): JobWorker {
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const retryMaxMs = options.retryMaxMs ?? 60 * 60_000;
  const log = options.log ?? silent;
  const kinds = Object.keys(handlers);
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  async function run(job: ClaimedJob): Promise<void> {
    const handler = handlers[job.kind];
    const context = { id: job.id, kind: job.kind, tenantId: job.tenantId, attempts: job.attempts, maxAttempts: job.maxAttempts };
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const outcome = await handler(job.payload, context);
      await markJobDone(db.owner, job.id, outcome?.keepPayload);
      log.info({ job: context }, 'job done');
    } catch (error) {
      const message = describeError(error);
      try {
        if (job.attempts >= job.maxAttempts) {
          await markJobFailed(db.owner, job.id, message);
          log.error({ job: context, error: message }, 'job failed for good after its last attempt');
        } else {
          const delayMs = retryDelayMs(job.attempts, retryBaseMs, retryMaxMs);
          await markJobForRetry(db.owner, job.id, message, delayMs);
          log.warn({ job: context, error: message, retryInMs: delayMs }, 'job failed; it will be retried');
        }
      } catch (recordError) {
        // The lease runs out and the job is claimed again: nothing is lost.
        log.error({ job: context, error: describeError(recordError) }, 'could not record the outcome of a job');
      }
    }
  }

  async function poll(): Promise<void> {
    const free = concurrency - running.size;
    if (free <= 0) return;
    let claimed: ClaimedJob[];
    try {
      claimed = await claimDueJobs(db.owner, kinds, free, leaseMs);
    } catch (error) {
      log.error({ error: describeError(error) }, 'could not claim jobs; trying again');
      return;
    }
    for (const job of claimed) {
      const done: Promise<void> = run(job).finally(() => running.delete(done));
      running.add(done);
    }
  }

  const tick = async () => {
    if (stopped) return;
    polling = poll();
    await polling;
    polling = undefined;
    if (!stopped) {
      timer = setTimeout(() => void tick(), pollMs);
      // The worker alone never keeps the process alive.
      timer.unref();
    }
  };
  if (kinds.length > 0) void tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await Promise.all([...running]);
    },
  };
}
