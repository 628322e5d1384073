/**
 * Sends the SCO's run-time data to the server without losing any of it: every commit carries a
 * sequence number (the server ignores a stale or repeated one), only the newest snapshot of a
 * SCO waits to be sent (each snapshot is complete), a failed send is retried with growing
 * pauses, and when the page goes away whatever is not yet acknowledged leaves with
 * fetch(keepalive), or with sendBeacon where keepalive cannot take it.
 *
 * A refusal that names its end (429 or 503 with Retry-After: a rate limit, a node shedding
 * load) pauses all sending until then; the learner sees "saving", not an error, and once the
 * pause ends the waiting snapshots go in the order they were made.
 */

export type CommitState = 'saved' | 'saving' | 'retrying' | 'closed' | 'signed-out' | 'refused';

export interface CommitClientOptions {
  /** Where commits go: the commit address of the attempt's launch credential (the beacon route is below it). */
  url: string;
  /** The highest sequence number the server acknowledged for this attempt (from the launch). */
  lastSeq: number;
  fetch?: typeof globalThis.fetch;
  sendBeacon?: (url: string, data: Blob) => boolean;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  random?: () => number;
  /** Told whenever the overall state changes. */
  onState?: (state: CommitState) => void;
}

interface Snapshot {
  scoId: string;
  seq: number;
  cmi: Record<string, unknown>;
}

/** Browsers refuse keepalive requests and beacons above 64 KiB in flight; stay under it. */
export const KEEPALIVE_LIMIT_BYTES = 60 * 1024;
export const FIRST_RETRY_MS = 500;
export const MAX_RETRY_MS = 30_000;
/** The longest pause a Retry-After may impose (a larger one is taken as this). */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * How long a 429 or 503 answer asks the client to wait (Retry-After in seconds or as an HTTP
 * date), at most MAX_RETRY_AFTER_MS; undefined for other answers or without the header.
 */
export function retryAfterMs(response: Response, now: number = Date.now()): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const header = response.headers.get('retry-after')?.trim();
  if (!header) return undefined;
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

export class CommitClient {
  private readonly waiting = new Map<string, Snapshot>();
  private readonly inFlight = new Map<string, Snapshot>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, unknown>();
  private lastSeq: number;
  private state: CommitState = 'saved';
  private stopped: CommitState | null = null;
  private hiding = false;
  /** Set while the server asked for a pause (Retry-After): nothing is sent before it ends. */
  private pause: unknown = null;
  private idleWaiters: (() => void)[] = [];

  private readonly doFetch: typeof globalThis.fetch;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly random: () => number;

  constructor(private readonly options: CommitClientOptions) {
    this.lastSeq = options.lastSeq;
    this.doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
    this.random = options.random ?? Math.random;
  }

  get url(): string {
    return this.options.url;
  }

  /**
   * The next sequence number: above every number used before, and (from the clock) above the
   * numbers of an older tab or session that may still be retrying.
   */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.lastSeq + 1, this.now() * 1000);
    return this.lastSeq;
  }

  /** Queues the SCO's complete data; returns at once (the SCO's Commit does not wait for the network). */
  commit(scoId: string, cmi: Record<string, unknown>): number {
    const seq = this.nextSeq();
    if (this.stopped) return seq;
    this.waiting.set(scoId, { scoId, seq, cmi });
    if (this.hiding) this.sendOutlivingPage({ scoId, seq, cmi });
    else this.pump(scoId);
    return seq;
  }

  /** Whether data is not yet acknowledged. */
  get pending(): boolean {
    return this.waiting.size > 0 || this.inFlight.size > 0;
  }

  /** Resolves once everything queued so far is acknowledged (or sending stopped for good). */
  whenIdle(): Promise<void> {
    if (!this.pending || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private setState(state: CommitState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState?.(state);
  }

  private settle(): void {
    if (this.stopped) this.setState(this.stopped);
    else if (this.failures.size > 0) this.setState('retrying');
    else if (this.pending) this.setState('saving');
    else this.setState('saved');
    if (!this.pending || this.stopped) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private stop(state: CommitState): void {
    this.stopped = state;
    this.waiting.clear();
    for (const timer of this.timers.values()) this.clearTimer(timer);
    this.timers.clear();
    if (this.pause !== null) this.clearTimer(this.pause);
    this.pause = null;
    this.settle();
  }

  private pump(scoId: string): void {
    if (this.stopped || this.pause !== null || this.inFlight.has(scoId) || this.timers.has(scoId)) return this.settle();
    const snapshot = this.waiting.get(scoId);
    if (!snapshot) return this.settle();
    this.waiting.delete(scoId);
    this.inFlight.set(scoId, snapshot);
    this.settle();
    void this.send(snapshot);
  }

  private async send(snapshot: Snapshot): Promise<void> {
    let outcome: 'ok' | 'retry' | 'pause' | CommitState;
    let pauseMs = 0;
    try {
      const response = await this.doFetch(this.url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(snapshot),
      });
      const asked = retryAfterMs(response, this.now());
      if (response.ok) outcome = 'ok';
      else if (asked !== undefined) {
        outcome = 'pause';
        pauseMs = asked;
      } else if (response.status === 401) outcome = 'signed-out';
      else if (response.status === 409 || response.status === 404) outcome = 'closed';
      else if (response.status === 408 || response.status === 429 || response.status >= 500) outcome = 'retry';
      else outcome = 'refused';
    } catch {
      outcome = 'retry';
    }
    this.inFlight.delete(snapshot.scoId);
    if (outcome === 'ok' || outcome === 'refused') {
      // A refused snapshot (bad data) would be refused again; newer snapshots still go.
      this.failures.delete(snapshot.scoId);
      this.pump(snapshot.scoId);
      if (outcome === 'refused' && !this.stopped) this.setState('refused');
      return;
    }
    if (outcome === 'pause') {
      // Refused for now, not failed: it waits (unless a newer one does) and everything waits with it.
      if (!this.waiting.has(snapshot.scoId)) this.waiting.set(snapshot.scoId, snapshot);
      this.failures.delete(snapshot.scoId);
      this.pauseFor(pauseMs);
      return this.settle();
    }
    if (outcome === 'retry') {
      // Keep the snapshot unless a newer one is waiting already.
      if (!this.waiting.has(snapshot.scoId)) this.waiting.set(snapshot.scoId, snapshot);
      const failures = (this.failures.get(snapshot.scoId) ?? 0) + 1;
      this.failures.set(snapshot.scoId, failures);
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1)) * (0.75 + this.random() * 0.5);
      this.timers.set(
        snapshot.scoId,
        this.setTimer(() => {
          this.timers.delete(snapshot.scoId);
          this.pump(snapshot.scoId);
        }, delay),
      );
      this.settle();
      return;
    }
    this.stop(outcome);
  }

  /** Holds every send until `ms` from now (a longer pause already running stays), then sends what waits, oldest first. */
  private pauseFor(ms: number): void {
    if (this.stopped || this.pause !== null) return;
    this.pause = this.setTimer(() => {
      this.pause = null;
      // Snapshots wait in the order they were made (a newer one of a SCO takes its predecessor's place).
      const order = [...this.waiting.values()].sort((a, b) => a.seq - b.seq).map((s) => s.scoId);
      for (const scoId of order) this.pump(scoId);
      this.settle();
    }, ms);
  }

  /**
   * The page is going away: send every snapshot not yet acknowledged (also those in flight,
   * which the browser may cancel; the server ignores a repeat) in requests that outlive the
   * page. Commits made after this (a SCO finishing in its own unload handler) go the same way.
   */
  flushOnPageHide(): void {
    if (this.stopped) return;
    this.hiding = true;
    const snapshots = new Map<string, Snapshot>(this.inFlight);
    for (const [scoId, snapshot] of this.waiting) snapshots.set(scoId, snapshot);
    for (const snapshot of snapshots.values()) this.sendOutlivingPage(snapshot);
  }

  /** The page came back from the back/forward cache: ordinary sending again. */
  pageShown(): void {
    this.hiding = false;
    for (const scoId of this.waiting.keys()) this.pump(scoId);
  }

  private sendOutlivingPage(snapshot: Snapshot): void {
    const body = JSON.stringify(snapshot);
    const beacon = () => this.options.sendBeacon?.(`${this.url}/beacon`, new Blob([body], { type: 'text/plain;charset=UTF-8' })) ?? false;
    if (new Blob([body]).size <= KEEPALIVE_LIMIT_BYTES) {
      void this.doFetch(this.url, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body,
      }).catch(beacon);
    } else if (!beacon()) {
      // Too large for keepalive and beacon: an ordinary request is the last chance.
      void this.doFetch(this.url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body }).catch(() => undefined);
    }
  }
}
