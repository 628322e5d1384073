import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { addToCounters, deleteCountersBefore } from './rate-limit.repository.js';

const WINDOW_MS = 60_000;
const FLUSH_INTERVAL_MS = 1_000;
/** Keys this node tracks at most; past it, the oldest window's keys go first (see sweep). */
const MAX_KEYS = 200_000;

interface Counter {
  windowStart: number;
  /** The shared total as of this node's last exchange with the database (its own flushed hits included). */
  known: number;
  /** This node's hits not yet added to the shared total. */
  pending: number;
  /** The key's limit, as its last hit named it. */
  limit: number;
  /** Not yet exchanged with the database in this window: the next flush takes it whatever its count. */
  fresh: boolean;
}

/** Below this share of its limit a key's hits stay on the node after its first exchange (see RateLimiter). */
const SHARED_FROM = 1 / 4;

/**
 * Fixed one-minute windows per key (`ip:<address>`, `user:<id>`, `attempt:<id>`, ...), counted in the platform
 * table rate_limit_counters so that all nodes share one count.
 *
 * A database round trip per request would cost more than most requests themselves, so each
 * node counts in memory and adds its hits to the shared counter once a second (one upsert for
 * all keys), learning the other nodes' hits from the totals the upsert returns. A key takes
 * part in that from its first second in a window, and after that once it has used a quarter of
 * its limit: budgets are set far above real use (most keys are a learner's attempt or a user
 * that never come near them), and a node writing every such key every second costs the
 * database more than the requests it counts. Nodes thus agree within about a second on every
 * key that matters. Near the limit (the last tenth) a request adds its hit at once and waits for
 * the total, so one node never admits more than the limit and several nodes at most a second's
 * worth more, plus what each other node holds back below a quarter of the limit; past the limit
 * a node refuses from memory. The estimate
 * (last shared total + own hits since) never exceeds the true total, so nobody is refused
 * below the limit. A fixed window can admit up to twice the limit across a window boundary;
 * that is the price of one integer per key. If the database is unreachable, requests are
 * admitted (counting resumes when it answers).
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private lastSweptWindow = 0;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Counts one request for `key`; resolves to 0 when admitted, else the seconds until its window ends. */
  async hit(key: string, limit: number, now: number = Date.now()): Promise<number> {
    const windowStart = now - (now % WINDOW_MS);
    let counter = this.counters.get(key);
    if (!counter || counter.windowStart !== windowStart) {
      counter = { windowStart, known: 0, pending: 0, limit, fresh: true };
      this.counters.set(key, counter);
      this.startTimer();
    }
    counter.limit = limit;
    counter.pending += 1;
    const estimate = counter.known + counter.pending;
    if (estimate > limit) return this.retryAfter(windowStart, now);
    if (estimate > limit - Math.ceil(limit / 10)) {
      await this.track(this.flush([key]));
      if (counter.known + counter.pending > limit) return this.retryAfter(windowStart, now);
    }
    return 0;
  }

  /**
   * 0 while `key` has requests left in this window, else the seconds until the window ends;
   * counts nothing. From this node's estimate (the shared total as of the last exchange plus
   * its own hits since), so other nodes' last second may be missing from it.
   */
  spent(key: string, limit: number, now: number = Date.now()): number {
    const windowStart = now - (now % WINDOW_MS);
    const counter = this.counters.get(key);
    if (!counter || counter.windowStart !== windowStart || counter.known + counter.pending < limit) return 0;
    return this.retryAfter(windowStart, now);
  }

  private retryAfter(windowStart: number, now: number): number {
    return Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000));
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.track(this.tick()), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const current = now - (now % WINDOW_MS);
    // Counters of ended windows are of no further use, here or in the database.
    for (const [key, counter] of this.counters) if (counter.windowStart < current) this.counters.delete(key);
    if (this.counters.size > MAX_KEYS) this.counters.clear();
    if (this.counters.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    const due: string[] = [];
    for (const [key, counter] of this.counters) {
      if (counter.pending > 0 && (counter.fresh || counter.known + counter.pending >= counter.limit * SHARED_FROM)) due.push(key);
    }
    await this.flush(due);
    if (this.lastSweptWindow < current) {
      this.lastSweptWindow = current;
      await deleteCountersBefore(this.db.owner, new Date(current - WINDOW_MS)).catch((error: unknown) =>
        this.log.warn({ err: error }, 'rate limit: deleting old counters failed'),
      );
    }
  }

  /** Adds the pending hits of `keys` to the shared counters and takes back the totals. */
  private async flush(keys: string[]): Promise<void> {
    const batch: { key: string; counter: Counter; count: number }[] = [];
    for (const key of keys) {
      const counter = this.counters.get(key);
      if (!counter || counter.pending === 0) continue;
      batch.push({ key, counter, count: counter.pending });
      counter.known += counter.pending;
      counter.pending = 0;
      counter.fresh = false;
    }
    if (batch.length === 0) return;
    try {
      const totals = await addToCounters(
        this.db.owner,
        batch.map(({ key, counter, count }) => ({ key, windowStart: new Date(counter.windowStart), count })),
      );
      const byKey = new Map(batch.map((entry) => [entry.key, entry.counter]));
      for (const total of totals) {
        const counter = byKey.get(total.key);
        if (counter && total.windowStart.getTime() === counter.windowStart) counter.known = Math.max(counter.known, total.count);
      }
    } catch (error) {
      for (const { counter, count } of batch) {
        counter.known -= count;
        counter.pending += count;
        counter.fresh = true;
      }
      this.log.warn({ err: error }, 'rate limit: updating the shared counters failed');
    }
  }

  /** Stops the timer and waits for database work in progress (before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }
}
