import { LeanHistogram } from './lean-metrics.js';
import { metricsRegistry } from './metrics.js';

/** Time of each statement as the application waits for it (PGlite: its queue behind the one connection included). */
export const dbQuerySeconds = new LeanHistogram(
  'lectern_db_query_duration_seconds',
  'Time from sending a statement to the database until its answer (a transaction counts each statement)',
  [],
  // Statements on a warm database answer in well under a millisecond; reports take up to seconds.
  [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  metricsRegistry,
);

const statements = dbQuerySeconds.child();

/** The connection pool as the database client sees it (PGlite: its single connection). */
export interface PoolStats {
  /** The most connections the pool opens. */
  max: number;
  /** Connections open now, busy or idle. */
  total: number;
  /** Open connections no one uses. */
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
}

type QueryMethod = (...args: unknown[]) => unknown;

/** Bound once: a little cheaper per call than a property lookup on `performance` (a clock read is most of the cost). */
const now = performance.now.bind(performance);

function observeSince(start: number): void {
  statements.observe((now() - start) / 1000);
}

/**
 * Wraps a driver's `query` method so each call's time goes to the histogram: both call styles
 * of `pg` (a callback as the last argument, used by Pool.query; or a returned promise) and
 * PGlite's promise. Anything else (a streamed query object) passes through untimed.
 */
export function timedQuery<F>(method: F): F {
  const query = method as unknown as QueryMethod;
  return function timed(this: unknown, ...args: unknown[]) {
    const start = now();
    const last = args.length > 0 ? args[args.length - 1] : undefined;
    if (typeof last === 'function') {
      args[args.length - 1] = function answered(this: unknown, ...results: unknown[]) {
        observeSince(start);
        return (last as QueryMethod).apply(this, results);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    return result instanceof Promise ? settledAndTimed(result, start) : result;
  } as unknown as F;
}

/**
 * The answer as the caller would have had it (value or rejection), timed when it settles. An
 * async function costs a third of a `.then` side branch on the original promise (a closure, a
 * derived promise and a reaction per statement; bench/monitoring-overhead.ts measures the wrapper).
 */
async function settledAndTimed(answer: Promise<unknown>, start: number): Promise<unknown> {
  try {
    return await answer;
  } finally {
    observeSince(start);
  }
}
