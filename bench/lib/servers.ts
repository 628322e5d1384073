import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir } from './cleanup.js';
import { freePort, LOOPBACK, waitUntilAnswering } from './http.js';
import { Child } from './process.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverEntry = path.join(projectRoot, 'dist', 'src', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

let buildChecked = false;

/**
 * Compiles the server (`npm run build:server`) when dist/ is missing or older than src/.
 * Checks once per process, so that the benchmarks of one `npm run bench` measure one build.
 */
export function ensureServerBuilt(): void {
  if (buildChecked) return;
  const built = existsSync(serverEntry) ? statSync(serverEntry).mtimeMs : 0;
  if (built >= newestMtime(path.join(projectRoot, 'src'))) {
    buildChecked = true;
    return;
  }
  console.log(built === 0 ? 'dist/ is missing; running npm run build:server' : 'src/ changed since the last build; running npm run build:server');
  const result = spawnSync('npm', ['run', 'build:server'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:server failed; the benchmarks measure the compiled server');
  buildChecked = true;
}

/** The process environment without settings that would change what is measured. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('LECTERN_') || key === 'DATABASE_URL' || key.startsWith('NODE_') || key === 'PORT' || key === 'HOST') continue;
    env[key] = value;
  }
  return env;
}

export interface RunningServer {
  child: Child;
  port: number;
  pid: number;
  /** When spawn() was called (performance.now()). */
  spawnedAt: number;
}

export interface LecternServer extends RunningServer {
  dataDir: string;
  /** The temporary directory holding dataDir when the caller did not choose one. */
  tempDir: string | undefined;
}

/**
 * The demo administrator's password from a first production start: written to a file in the
 * data directory (never to the log). It works for sign-ins until the administrator chooses a new
 * one; the benchmarks never do.
 */
export function firstAdminPassword(server: LecternServer): string {
  const text = readFileSync(path.join(server.dataDir, 'initial-admin-password.txt'), 'utf8');
  const password = /^Password:\s+(\S+)$/m.exec(text)?.[1];
  if (!password) throw new Error(`no password in ${server.dataDir}/initial-admin-password.txt`);
  return password;
}

/** Stops a server gracefully (SIGKILL after 15 s) and removes its temporary data directory. */
export async function disposeServer(server: RunningServer & { tempDir?: string }): Promise<void> {
  await server.child.stop();
  if (server.tempDir) removeTempDir(server.tempDir);
}

export interface LecternOptions {
  /** The embedded database directory; a new temporary one when omitted. */
  dataDir?: string;
  logLevel?: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  stdout?: 'capture' | 'ignore';
  name?: string;
  /**
   * Run as behind a TLS-terminating reverse proxy on this machine (LECTERN_TRUST_PROXY=127.0.0.1):
   * requests that carry `X-Forwarded-Proto: https` count as HTTPS, which production requires
   * for sign-in. Off: plain HTTP with no proxy, the defaults.
   */
  behindTlsProxy?: boolean;
  /** More settings, e.g. a rate limit of 0 for throughput measurements from one address. */
  extraEnv?: Record<string, string>;
}

/** The header a TLS-terminating proxy adds; for servers started with behindTlsProxy. */
export const FORWARDED_HTTPS = { 'x-forwarded-proto': 'https' } as const;

/**
 * Spawns `node dist/src/main.js` with production settings on PGlite, listening on
 * 127.0.0.1 only. Does not wait for it; see waitUntilAnswering().
 */
export async function spawnLectern(options: LecternOptions = {}): Promise<LecternServer> {
  const port = await freePort();
  const contentPort = await freePort();
  const tempDir = options.dataDir === undefined ? makeTempDir('data') : undefined;
  const dataDir = options.dataDir ?? path.join(tempDir!, 'data');
  const spawnedAt = performance.now();
  const child = new Child({
    name: options.name ?? 'lectern',
    command: process.execPath,
    args: [serverEntry],
    cwd: projectRoot,
    env: {
      ...baseEnv(),
      NODE_ENV: 'production',
      HOST: LOOPBACK,
      PORT: String(port),
      LECTERN_CONTENT_PORT: String(contentPort),
      LECTERN_CONTENT_ORIGIN: 'https://*.content.localhost',
      DATA_DIR: dataDir,
      LOG_LEVEL: options.logLevel ?? 'warn',
      LECTERN_SEED_DEMO: 'true',
      ...(options.behindTlsProxy ? { LECTERN_TRUST_PROXY: LOOPBACK } : {}),
      ...options.extraEnv,
    },
    stdout: options.stdout ?? 'capture',
  });
  return { child, port, pid: child.pid, spawnedAt, dataDir, tempDir };
}

/**
 * The ceiling: Fastify with one route answering {"status":"ok"}, logger off, nothing else,
 * run by plain `node -e` from the project (same Node, same Fastify version as Lectern).
 */
export const BARE_FASTIFY_SOURCE = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/', () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

/** The same, plus fixed response headers (BARE_HEADERS, JSON) set by one synchronous hook. */
const BARE_FASTIFY_WITH_HEADERS_SOURCE = `
import Fastify from 'fastify';
const headers = JSON.parse(process.env.BARE_HEADERS);
const app = Fastify({ logger: false });
app.addHook('onRequest', (request, reply, done) => { reply.headers(headers); done(); });
app.get('/', () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

export async function spawnBareFastify(name = 'bare Fastify', headers?: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = new Child({
    name,
    command: process.execPath,
    args: ['--input-type=module', '-e', headers ? BARE_FASTIFY_WITH_HEADERS_SOURCE : BARE_FASTIFY_SOURCE],
    cwd: projectRoot,
    env: { ...baseEnv(), HOST: LOOPBACK, PORT: String(port), ...(headers ? { BARE_HEADERS: JSON.stringify(headers) } : {}) },
    stdout: 'capture',
  });
  return { child, port, pid: child.pid, spawnedAt };
}

/** Spawns Lectern and waits (up to `timeoutMs`) until GET /readyz answers 200. */
export async function startLectern(options: LecternOptions = {}, timeoutMs = 60_000): Promise<LecternServer & { readyAt: number }> {
  const server = await spawnLectern(options);
  try {
    const readyAt = await waitUntilAnswering(server.child, server.port, '/readyz', { timeoutMs });
    return { ...server, readyAt };
  } catch (error) {
    await disposeServer(server);
    throw error;
  }
}

/** Spawns the bare Fastify server and waits (up to `timeoutMs`) until GET / answers 200. */
export async function startBareFastify(
  name?: string,
  timeoutMs = 30_000,
  headers?: Record<string, string>,
): Promise<RunningServer & { readyAt: number }> {
  const server = await spawnBareFastify(name, headers);
  try {
    const readyAt = await waitUntilAnswering(server.child, server.port, '/', { timeoutMs });
    return { ...server, readyAt };
  } catch (error) {
    await disposeServer(server);
    throw error;
  }
}
