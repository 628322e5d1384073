import autocannon from 'autocannon';
import { LOOPBACK } from './http.js';
import { cpuTimeMs } from './process.js';

export interface LoadOptions {
  port: number;
  path: string;
  durationSec: number;
  connections: number;
  pipelining: number;
  /** The server's pid, to measure the CPU time it spends on the load. */
  serverPid?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** 2xx answers per second over the whole run. */
  requestsPerSec: number;
  ok: number;
  /** Answers that were not 2xx, connection errors and timeouts; a valid run has none. */
  failures: { non2xx: number; errors: number; timeouts: number };
  latencyMs: { p50: number; p99: number; max: number };
  durationSec: number;
  /** Server CPU time (all threads) per answer, in microseconds. */
  serverCpuUsPerRequest?: number;
  /** Server CPU time over wall time: 1.0 is one core fully busy. */
  serverCpuShare?: number;
}

/**
 * Drives GET `path` on 127.0.0.1 with autocannon from this process, for a fixed time.
 * autocannon's `timeout` and a duration cap keep one run bounded.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = options.serverPid === undefined ? 0 : cpuTimeMs(options.serverPid);
  const started = performance.now();
  const result = await autocannon({
    url: `http://${LOOPBACK}:${options.port}${options.path}`,
    connections: options.connections,
    pipelining: options.pipelining,
    duration: options.durationSec,
    timeout: 10,
    headers: options.headers,
  });
  const wallMs = performance.now() - started;
  const cpuMs = options.serverPid === undefined ? undefined : cpuTimeMs(options.serverPid) - cpuBefore;
  const ok = result['2xx'];
  return {
    requestsPerSec: ok / result.duration,
    ok,
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    durationSec: result.duration,
    ...(cpuMs === undefined
      ? {}
      : { serverCpuUsPerRequest: ok > 0 ? (cpuMs * 1000) / ok : Number.NaN, serverCpuShare: cpuMs / wallMs }),
  };
}

export function failureCount(result: LoadResult): number {
  return result.failures.non2xx + result.failures.errors + result.failures.timeouts;
}
