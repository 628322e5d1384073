import { lt, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { rateLimitCounters } from './guard.schema.js';

// rate_limit_counters is a platform table: callers pass db.owner.

export interface CounterIncrement {
  key: string;
  windowStart: Date;
  count: number;
}

/**
 * Adds increments to the shared counters in one statement and returns each counter's total.
 * A counter of an older window starts again at the increment; an increment for a window the
 * database has already left (a node with a lagging clock) changes nothing and gets the newer
 * window's total back.
 */
export async function addToCounters(owner: Orm, increments: CounterIncrement[]): Promise<CounterIncrement[]> {
  if (increments.length === 0) return [];
  const stored = rateLimitCounters;
  return owner
    .insert(stored)
    .values(increments)
    .onConflictDoUpdate({
      target: stored.key,
      set: {
        count: sql`case
          when ${stored.windowStart} = excluded.window_start then ${stored.count} + excluded.count
          when ${stored.windowStart} < excluded.window_start then excluded.count
          else ${stored.count} end`,
        windowStart: sql`greatest(${stored.windowStart}, excluded.window_start)`,
      },
    })
    .returning({ key: stored.key, windowStart: stored.windowStart, count: stored.count });
}

export async function deleteCountersBefore(owner: Orm, windowStart: Date): Promise<void> {
  await owner.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, windowStart));
}
