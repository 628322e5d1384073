import { test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  /** The HTTPS address of the demo site. */
  url: string;
  /** The plain-HTTP port beside it (redirects to HTTPS). */
  port: number;
  httpsPort: number;
  /** Where course content runs: its own host names, https://<site>.content.localhost:<contentPort>. */
  contentPort: number;
  adminEmail: string;
  /** The first administrator's own password (already chosen, unless `firstSignIn: 'leave'`). */
  adminPassword: string;
  /** The password the first start wrote to DATA_DIR/initial-admin-password.txt; it works for one sign-in. */
  initialAdminPassword: string;
  /** The file it was written to. */
  initialAdminPasswordFile: string;
  /** Its data directory (DATA_DIR). */
  dataDir: string;
  /** Kills the process at once (SIGKILL: no graceful shutdown) and keeps the data. */
  kill(): Promise<void>;
  /** Stops the process gracefully (SIGTERM) and keeps the data. */
  shutDown(): Promise<void>;
  /** Starts the server again on the same data directory and ports and waits until it is ready. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The first administrator's own password, chosen through the API at the first sign-in. */
export const ADMIN_PASSWORD = 'Harbour-Light-2031';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const root = path.resolve(import.meta.dirname, '..');

interface Launch {
  child: ChildProcess;
  /** Resolves once the server answers /readyz. */
  ready: Promise<void>;
}

function launch(env: NodeJS.ProcessEnv, port: number): Launch {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/lectern.js'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/readyz`)
        .then((res) => {
          if (!res.ok) return;
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        })
        .catch(() => undefined);
    }, 200);
    const onData = (d: Buffer) => (output += d.toString());
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  ready.catch(() => undefined);
  return { child, ready };
}

/** One JSON request to the server over HTTPS (its certificate is self-signed). */
function httpsJson(url: string, method: string, body: object, cookie?: string): Promise<{ status: number; cookie?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, rejectUnauthorized: false, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0]?.split(';')[0], body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Does what the first administrator's first sign-in asks: replace the password from the file with their own. */
async function chooseAdminPassword(url: string, email: string, initial: string): Promise<void> {
  const signIn = await httpsJson(`${url}/api/auth/sign-in`, 'POST', { email, password: initial });
  if (signIn.status !== 200 || !signIn.cookie) throw new Error(`first sign-in failed: ${signIn.status} ${signIn.body}`);
  const changed = await httpsJson(`${url}/api/me/password`, 'POST', { currentPassword: initial, newPassword: ADMIN_PASSWORD }, signIn.cookie);
  if (changed.status !== 204) throw new Error(`choosing the administrator's password failed: ${changed.status} ${changed.body}`);
  await httpsJson(`${url}/api/auth/sign-out`, 'POST', {}, signIn.cookie);
}

async function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await gone;
}

/** Set by the global setup (global-setup.ts): a data directory after a first start, to copy for each server. */
export const PREPARED_DATA_DIR_VARIABLE = 'E2E_PREPARED_DATA_DIR';

/**
 * Starts the built server as an operator would in production (`lectern serve`, HTTPS with a
 * certificate from `lectern cert dev`, HTTP beside it, the embedded database), reads the first
 * administrator's password from the file the first start writes, and (unless
 * `firstSignIn: 'leave'`) replaces it with ADMIN_PASSWORD as the first sign-in requires.
 *
 * The first start (a fresh database: every migration, the demo site) is made once per run by the
 * global setup; every server but a `firstSignIn: 'leave'` one then starts on a copy of that data
 * directory, as a restarted installation does, which saves its migrations.
 */
export async function startServer(options: { env?: Record<string, string>; firstSignIn?: 'choose-password' | 'leave' } = {}): Promise<RunningServer> {
  const prepared = process.env[PREPARED_DATA_DIR_VARIABLE];
  const leave = options.firstSignIn === 'leave';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  if (prepared && !leave) cpSync(prepared, dataDir, { recursive: true });
  const port = await freePort();
  const httpsPort = await freePort();
  const contentPort = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LECTERN_') && k !== 'DATABASE_URL' && k !== PREPARED_DATA_DIR_VARIABLE));
  const certDir = path.join(dataDir, 'certs');
  if (!existsSync(certDir)) {
    execFileSync(process.execPath, [path.join(root, 'bin/lectern.js'), 'cert', 'dev', '--out', certDir, '--host', '*.content.localhost'], { cwd: root, env: base, stdio: 'ignore' });
  }
  const env = {
    ...base,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // The browser tests start from the demo site, which production creates only when asked.
    LECTERN_SEED_DEMO: 'true',
    LECTERN_TLS_CERT: path.join(certDir, 'dev-cert.pem'),
    LECTERN_TLS_KEY: path.join(certDir, 'dev-key.pem'),
    LECTERN_HTTPS_PORT: String(httpsPort),
    LECTERN_CONTENT_PORT: String(contentPort),
    // Production wants course content on host names of its own: <site>.content.localhost, which
    // Chromium resolves to this machine like localhost itself.
    LECTERN_CONTENT_ORIGIN: `https://*.content.localhost:${contentPort}`,
    // The tests' own requests (page.request) reuse an idle connection without retrying when the
    // server closes it in the same instant, as a browser would: idle connections outlive any
    // pause of a test.
    LECTERN_KEEP_ALIVE_TIMEOUT_MS: '120000',
    ...options.env,
  };
  let current = launch(env, port);
  await current.ready;
  const initialAdminPasswordFile = path.join(dataDir, 'initial-admin-password.txt');
  const initialAdminPassword = /Password:\s+(\S+)/.exec(readFileSync(initialAdminPasswordFile, 'utf8'))?.[1];
  if (!initialAdminPassword) throw new Error(`no administrator password in ${initialAdminPasswordFile}`);
  const url = `https://localhost:${httpsPort}`;
  const adminEmail = 'admin@localhost.test';
  // A copy of the prepared directory has the administrator's own password already.
  if (!leave && !prepared) await chooseAdminPassword(url, adminEmail, initialAdminPassword);
  return {
    url,
    port,
    httpsPort,
    contentPort,
    adminEmail,
    adminPassword: leave ? initialAdminPassword : ADMIN_PASSWORD,
    initialAdminPassword,
    initialAdminPasswordFile,
    dataDir,
    async kill() {
      await exited(current.child, 'SIGKILL');
    },
    async shutDown() {
      await exited(current.child, 'SIGTERM');
    },
    async restart() {
      await exited(current.child, 'SIGTERM');
      current = launch(env, port);
      await current.ready;
    },
    async stop() {
      await exited(current.child, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Makes the data directory the servers of this run start from: a fresh first start, the
 * administrator's password chosen, then stopped (the caller removes the directory).
 */
export async function prepareDataDir(): Promise<string> {
  const server = await startServer();
  await server.shutDown();
  return server.dataDir;
}

/** Starts a server (default options) before the file's tests and stops it after them; its facts are there from the first test on. */
export function serverForThisFile(): RunningServer {
  const running = {} as RunningServer;
  test.beforeAll(async () => {
    Object.assign(running, await startServer());
  });
  test.afterAll(async () => {
    await running.stop();
  });
  return running;
}
