import http from 'node:http';
import { LOOPBACK } from './http.js';
import { cpuTimeMs } from './process.js';

export interface PacedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PacedLoadOptions {
  port: number;
  /** Requests per second, sent at evenly spaced moments. */
  rate: number;
  durationSec: number;
  /** Keep-alive connections at most; a request finding all of them busy waits for one (and that wait counts). */
  connections: number;
  next: () => PacedRequest;
  serverPid?: number;
  /** Connections to reuse (a warm-up's), instead of opening new ones: their opening is not part of the measurement. */
  agent?: http.Agent;
}

export interface PacedLoadResult {
  requestsPerSec: number;
  ok: number;
  failures: number;
  /** What the failures were: "status 500", "ECONNRESET", "timeout", ... with their counts. */
  failureReasons: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
  /** Server CPU time (all threads) per answer, in microseconds. */
  serverCpuUsPerRequest: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Keep-alive connections for paced loads, at most `connections` at a time, used in turn
 * (first in, first out): with the default last-in-first-out a light load keeps reusing a
 * few connections, the others sit idle past the server's keep-alive timeout, and a burst
 * then picks one the server is closing at that moment (a reset that is the client's doing).
 */
export function pacedAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections, scheduling: 'fifo' });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * An open-loop load: request i is due at start + i / rate, whatever the answers to earlier
 * ones are doing, and its latency is counted from that moment, so a server (or client) that
 * falls behind shows it in the percentiles instead of slowing the load down. autocannon's own
 * rate limit lets each connection send its share of a second back to back and then wait, which
 * loads the server at full speed in bursts; a latency "at half the rate" needs arrivals spread
 * over the second like real learners' commits are.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = options.agent ?? pacedAgent(options.connections);
  const total = Math.max(1, Math.round(options.rate * options.durationSec));
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  let ok = 0;
  let failures = 0;
  const failureReasons: Record<string, number> = {};
  let settled = 0;
  const cpuBefore = options.serverPid === undefined ? 0 : cpuTimeMs(options.serverPid);
  const started = performance.now();

  await new Promise<void>((resolve) => {
    const finishOne = (dueAt: number, failure: string | null) => {
      latencies.push(performance.now() - dueAt);
      if (failure === null) ok += 1;
      else {
        failures += 1;
        failureReasons[failure] = (failureReasons[failure] ?? 0) + 1;
      }
      settled += 1;
      if (settled === total) resolve();
    };
    const send = (dueAt: number) => {
      const spec = options.next();
      const request = http.request(
        { host: LOOPBACK, port: options.port, method: spec.method, path: spec.path, headers: spec.headers, agent, timeout: REQUEST_TIMEOUT_MS },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          response.on('end', () => finishOne(dueAt, status >= 200 && status < 300 ? null : `status ${status}`));
          response.on('error', (error: NodeJS.ErrnoException) => finishOne(dueAt, error.code ?? error.message));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (error: NodeJS.ErrnoException) => finishOne(dueAt, error.code ?? error.message));
      request.end(spec.body);
    };
    let issued = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
      while (issued < due) {
        send(started + issued * intervalMs);
        issued += 1;
      }
      if (issued < total) setTimeout(tick, 1);
    };
    tick();
  });

  const wallSec = (performance.now() - started) / 1000;
  const cpuMs = options.serverPid === undefined ? Number.NaN : cpuTimeMs(options.serverPid) - cpuBefore;
  if (!options.agent) agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSec: ok / wallSec,
    ok,
    failures,
    failureReasons,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
    serverCpuUsPerRequest: ok > 0 ? (cpuMs * 1000) / ok : Number.NaN,
  };
}
