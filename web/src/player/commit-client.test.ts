import { describe, expect, it } from 'vitest';
import { CommitClient, FIRST_RETRY_MS, KEEPALIVE_LIMIT_BYTES, retryAfterMs, type CommitState } from './commit-client';

interface Call {
  url: string;
  init: RequestInit;
  body: { scoId: string; seq: number; cmi: Record<string, unknown> };
  respond: (response: Response | Error) => void;
}

/** A fetch whose answers the test gives one by one, and a clock and timers the test moves. */
function harness(lastSeq = 0) {
  const calls: Call[] = [];
  const beacons: { url: string; text: Promise<string> }[] = [];
  const timers: { at: number; run: () => void }[] = [];
  const states: CommitState[] = [];
  let clock = 1_000;
  const fetch: typeof globalThis.fetch = (input, init = {}) =>
    new Promise((resolve, reject) => {
      calls.push({
        url: String(input),
        init,
        body: JSON.parse(String(init.body)),
        respond: (response) => (response instanceof Error ? reject(response) : resolve(response)),
      });
    });
  const client = new CommitClient({
    url: '/launch/t1/commits',
    lastSeq,
    fetch,
    now: () => clock,
    random: () => 0.5,
    setTimer: (run, ms) => {
      const timer = { at: clock + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1),
    sendBeacon: (url, data) => {
      beacons.push({ url, text: data.text() });
      return true;
    },
    onState: (state) => states.push(state),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    client,
    calls,
    beacons,
    states,
    settle,
    async advance(ms: number) {
      clock += ms;
      for (const timer of timers.filter((t) => t.at <= clock)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
      await settle();
    },
    pendingTimers: () => timers.map((t) => t.at - clock),
    now: () => clock,
  };
}

const ok = (seq: number) => new Response(JSON.stringify({ seq, accepted: true }), { status: 200 });
const status = (code: number) => new Response('{}', { status: code });

describe('commit client', () => {
  it('sends each commit with a rising sequence number above the launch one and the clock', async () => {
    const h = harness(5_000_000);
    const first = h.client.commit('SCO-1', { location: 'a' });
    expect(first).toBe(5_000_001);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]!.url).toBe('/launch/t1/commits');
    expect(h.calls[0]!.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(h.calls[0]!.body).toEqual({ scoId: 'SCO-1', seq: 5_000_001, cmi: { location: 'a' } });
    h.calls[0]!.respond(ok(first));
    await h.settle();
    expect(h.client.commit('SCO-1', { location: 'b' })).toBe(5_000_002);

    const fresh = harness(0);
    expect(fresh.client.commit('SCO-1', {})).toBe(1_000_000);
  });

  it('sends one request per SCO at a time and then only the newest waiting snapshot', async () => {
    const h = harness();
    h.client.commit('SCO-1', { n: 1 });
    h.client.commit('SCO-1', { n: 2 });
    h.client.commit('SCO-1', { n: 3 });
    h.client.commit('SCO-2', { n: 1 });
    expect(h.calls.map((c) => [c.body.scoId, c.body.cmi.n])).toEqual([
      ['SCO-1', 1],
      ['SCO-2', 1],
    ]);
    expect(h.client.pending).toBe(true);
    h.calls[0]!.respond(ok(1));
    await h.settle();
    expect(h.calls.map((c) => c.body.cmi.n)).toEqual([1, 1, 3]);
    const idle = h.client.whenIdle();
    h.calls[1]!.respond(ok(1));
    h.calls[2]!.respond(ok(3));
    await idle;
    expect(h.client.pending).toBe(false);
    expect(h.states.at(-1)).toBe('saved');
  });

  it('retries a failed send with growing pauses, keeping its sequence number, until the server answers', async () => {
    const h = harness();
    const seq = h.client.commit('SCO-1', { n: 1 });
    h.calls[0]!.respond(new TypeError('Failed to fetch'));
    await h.settle();
    expect(h.states).toContain('retrying');
    expect(h.pendingTimers()).toEqual([FIRST_RETRY_MS]);
    await h.advance(FIRST_RETRY_MS);
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]!.body.seq).toBe(seq);
    h.calls[1]!.respond(status(503));
    await h.settle();
    expect(h.pendingTimers()).toEqual([2 * FIRST_RETRY_MS]);
    // A newer snapshot while waiting replaces the failed one.
    const newer = h.client.commit('SCO-1', { n: 2 });
    await h.advance(2 * FIRST_RETRY_MS);
    expect(h.calls[2]!.body).toMatchObject({ seq: newer, cmi: { n: 2 } });
    h.calls[2]!.respond(ok(newer));
    await h.settle();
    expect(h.client.pending).toBe(false);
    expect(h.states.at(-1)).toBe('saved');
  });

  it('stops when the attempt was closed or the session ended, and skips a refused snapshot', async () => {
    const closed = harness();
    closed.client.commit('SCO-1', {});
    closed.calls[0]!.respond(status(409));
    await closed.settle();
    expect(closed.states.at(-1)).toBe('closed');
    closed.client.commit('SCO-1', {});
    expect(closed.calls).toHaveLength(1);

    const signedOut = harness();
    signedOut.client.commit('SCO-1', {});
    signedOut.calls[0]!.respond(status(401));
    await signedOut.settle();
    expect(signedOut.states.at(-1)).toBe('signed-out');

    const refused = harness();
    refused.client.commit('SCO-1', { n: 1 });
    refused.client.commit('SCO-1', { n: 2 });
    refused.calls[0]!.respond(status(400));
    await refused.settle();
    expect(refused.calls[1]!.body.cmi.n).toBe(2);
  });

  it('on pagehide sends what is unacknowledged with keepalive, and large data by beacon', async () => {
    const h = harness();
    h.client.commit('SCO-1', { small: 'x' });
    h.client.commit('SCO-1', { small: 'y' });
    h.client.commit('SCO-2', { big: 'z'.repeat(KEEPALIVE_LIMIT_BYTES) });
    h.client.flushOnPageHide();
    const keepalive = h.calls.filter((c) => c.init.keepalive);
    expect(keepalive.map((c) => c.body.cmi.small)).toEqual(['y']);
    expect(h.beacons).toHaveLength(1);
    expect(h.beacons[0]!.url).toBe('/launch/t1/commits/beacon');
    expect(JSON.parse(await h.beacons[0]!.text)).toMatchObject({ scoId: 'SCO-2' });
  });
});

describe('commit client under a rate limit', () => {
  it('waits as Retry-After says, shows "saving" meanwhile, then sends in order, and every value lands once the limit lifts', async () => {
    const h = harness();
    const limitEndsAt = h.now() + 40_000;
    /** The server: refuses with 429 and Retry-After until the limit lifts, then keeps the newest snapshot of each SCO. */
    const stored = new Map<string, { seq: number; cmi: Record<string, unknown> }>();
    const sentDuringLimit: number[] = [];
    let answered = 0;
    const serve = async () => {
      for (; answered < h.calls.length; answered++) {
        const { body, respond } = h.calls[answered]!;
        if (h.now() < limitEndsAt) {
          sentDuringLimit.push(h.now());
          const seconds = Math.ceil((limitEndsAt - h.now()) / 1000);
          respond(new Response('{"error":{"code":"HTTP_RATE_LIMITED"}}', { status: 429, headers: { 'retry-after': String(seconds) } }));
          continue;
        }
        const before = stored.get(body.scoId);
        if (!before || before.seq < body.seq) stored.set(body.scoId, { seq: body.seq, cmi: body.cmi });
        respond(ok(body.seq));
      }
      await h.settle();
    };
    // A learner works on for a minute, two SCOs committing every few seconds.
    for (let second = 0; second < 60; second += 3) {
      h.client.commit('SCO-1', { location: `page-${second}` });
      if (second % 6 === 0) h.client.commit('SCO-2', { score: second });
      await serve();
      await h.advance(3_000);
      await serve();
    }
    await h.advance(60_000);
    await serve();
    // During the limit the client sent only the two first, refused commits, and then waited.
    expect(sentDuringLimit).toHaveLength(2);
    expect(h.states).toContain('saving');
    expect(h.states).not.toContain('retrying');
    expect(h.states.at(-1)).toBe('saved');
    expect(h.client.pending).toBe(false);
    // Every SCO's last value arrived; the server never saw a sequence number go backwards.
    expect(stored.get('SCO-1')?.cmi).toEqual({ location: 'page-57' });
    expect(stored.get('SCO-2')?.cmi).toEqual({ score: 54 });
    const accepted = h.calls.slice(2).map((c) => c.body.seq);
    expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
  });

  it('reads Retry-After in seconds or as a date, only on 429 and 503', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const answer = (status: number, value?: string) => new Response(null, { status, headers: value ? { 'retry-after': value } : {} });
    expect(retryAfterMs(answer(429, '7'), now)).toBe(7_000);
    expect(retryAfterMs(answer(503, 'Sun, 01 Mar 2026 10:00:30 GMT'), now)).toBe(30_000);
    expect(retryAfterMs(answer(429, '86400'), now)).toBe(5 * 60_000);
    expect(retryAfterMs(answer(429), now)).toBeUndefined();
    expect(retryAfterMs(answer(500, '5'), now)).toBeUndefined();
  });
});

describe('commit client after pagehide', () => {
  it('sends a commit made during unload (a SCO finishing) with keepalive at once', () => {
    const h = harness();
    h.client.flushOnPageHide();
    h.client.commit('SCO-1', { last: true });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]!.init.keepalive).toBe(true);
    h.client.pageShown();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]!.init.keepalive).toBeUndefined();
  });
});
