import { spawn, type ChildProcess } from 'node:child_process';
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { projectRoot } from '../src/platform/paths.js';
import { adminQuery, databaseUrlFor } from './postgres-admin.js';

/**
 * Environment for a separate Lectern process with a database of its own: an empty PGlite
 * directory, or (when DATABASE_URL is set) a fresh copy of the PostgreSQL template.
 */
export async function isolatedDatabaseEnv(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `${inject('postgresTemplate')}_p${randomBytes(5).toString('hex')}`;
    await adminQuery(url, `create database "${name}" template "${inject('postgresTemplate')}"`);
    // Files (the blob store, the key file) in a directory of the process's own, never in the checkout.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-data-'));
    return {
      env: { DATABASE_URL: databaseUrlFor(url, name), DATA_DIR: dir },
      cleanup: async () => {
        await adminQuery(url, `drop database if exists "${name}" with (force)`);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-data-'));
  return { env: { DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('LECTERN_') && k !== 'DATABASE_URL' && k !== 'DATA_DIR'),
  );
  return { ...clean, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env };
}

/**
 * How a test starts the command: from the TypeScript sources, or, when the gate has just built the
 * checkout (LECTERN_TEST_BUILT_CLI=1, set by .ci/run after `npm run build`), from the build as an
 * operator runs it (`bin/lectern.js`), which starts a second faster per process.
 */
const commandLine = process.env.LECTERN_TEST_BUILT_CLI === '1' ? [path.join(projectRoot, 'bin/lectern.js')] : ['--import', 'tsx', path.join(projectRoot, 'src/cli/index.ts')];

/** Starts `lectern <args>` (see commandLine). */
export function spawnLectern(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...commandLine, ...args], {
    cwd: projectRoot,
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `lectern <args>` to completion. */
export function runLectern(args: string[], env: Record<string, string>): Promise<RunResult> {
  const child = spawnLectern(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Waits until the child's stdout (accumulated) matches `pattern`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 90_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (seen += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before ${pattern}; output:\n${seen}`));
    });
  });
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface SocketAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request over a real socket to `url` (http: or https:, a fresh connection each time).
 * `ca` is the certificate the server's must chain to (without it any certificate is accepted);
 * `from` is the local address to connect from (any 127.x.y.z on loopback), to look like another peer.
 */
export async function requestOverSocket(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string; from?: string } = {},
): Promise<SocketAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        agent: false,
        localAddress: options.from,
        ca: options.ca,
        rejectUnauthorized: options.ca !== undefined,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Writes `text` as it is (raw bytes: repeated headers, absolute-form targets, anything a client
 * library would tidy up) to a fresh connection and returns everything the server answers until
 * it closes the connection. `from` is the local address to connect from (any 127.x.y.z).
 */
export async function rawExchange(port: number, text: string | Buffer, options: { from?: string } = {}): Promise<string> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress: options.from });
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(text));
  });
}
