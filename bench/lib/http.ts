import http from 'node:http';
import net from 'node:net';
import type { Child } from './process.js';
import { describeExit, sleep } from './process.js';

/** The only address benchmarks talk to. */
export const LOOPBACK = '127.0.0.1';

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  port: number;
  path: string;
  method?: string;
  /** The Host header; the server's tenant is chosen by it (`localhost` is the demo site). */
  host?: string;
  headers?: Record<string, string>;
  json?: unknown;
  timeoutMs?: number;
}

/** One request to 127.0.0.1 on a fresh connection. */
export function request(options: RequestOptions): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = {
    host: `${options.host ?? LOOPBACK}:${options.port}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: LOOPBACK, port: options.port, path: options.path, method: options.method ?? 'GET', headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 5_000, () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 5_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Like request(), but fails unless the status is the expected one. */
export async function expectStatus(options: RequestOptions, status: number): Promise<Answer> {
  const answer = await request(options);
  if (answer.status !== status) {
    throw new Error(`${options.method ?? 'GET'} ${options.path}: expected ${status}, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  return answer;
}

/**
 * Polls GET `path` every `intervalMs` until it answers 200 and returns the moment it did
 * (performance.now()). Fails when the child exits first or after `timeoutMs`.
 */
export async function waitUntilAnswering(
  child: Child,
  port: number,
  path: string,
  options: { timeoutMs: number; intervalMs?: number; host?: string },
): Promise<number> {
  const deadline = performance.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    try {
      const answer = await request({ port, path, host: options.host, timeoutMs: 1_000 });
      if (answer.status === 200) return performance.now();
      last = `status ${answer.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    const exit = child.hasExited;
    if (exit) throw new Error(`${child.options.name} exited (${describeExit(exit)}) before ${path} answered 200\n${child.describeOutput()}`);
    if (performance.now() > deadline) {
      throw new Error(`${child.options.name}: ${path} did not answer 200 within ${options.timeoutMs} ms (last: ${last})\n${child.describeOutput()}`);
    }
    await sleep(options.intervalMs ?? 10);
  }
}
