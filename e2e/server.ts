import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  /** The HTTPS address of the demo site. */
  url: string;
  /** The plain-HTTP port beside it (redirects to HTTPS). */
  port: number;
  httpsPort: number;
  /** Where course content runs: its own origin, https://localhost:<contentPort>. */
  contentPort: number;
  adminEmail: string;
  adminPassword: string;
  /** Kills the process at once (SIGKILL: no graceful shutdown) and keeps the data. */
  kill(): Promise<void>;
  /** Starts the server again on the same data directory and ports and waits until it is ready. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

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
  /** Resolves with the first administrator's password on a first start, or null once the server is ready. */
  ready: Promise<string | null>;
}

function launch(env: NodeJS.ProcessEnv, port: number): Launch {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/lectern.js'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const done = (value: string | null) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve(value);
    };
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /Password:\s+(\S+)/.exec(output);
      if (match?.[1]) done(match[1]);
    };
    // A restart prints no password: readiness is then learnt from /readyz.
    const poll = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/readyz`)
        .then((res) => {
          if (res.ok && !/Password:/.test(output) && env.E2E_EXPECT_PASSWORD !== '1') done(null);
        })
        .catch(() => undefined);
    }, 200);
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

async function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await gone;
}

/**
 * Starts the built server as an operator would in production (`lectern serve`, HTTPS with a
 * certificate from `lectern cert dev`, HTTP beside it, a fresh embedded database) and reads the
 * first administrator's password from its console output.
 */
export async function startServer(options: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  const port = await freePort();
  const httpsPort = await freePort();
  const contentPort = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LECTERN_') && k !== 'DATABASE_URL'));
  const certDir = path.join(dataDir, 'certs');
  execFileSync(process.execPath, [path.join(root, 'bin/lectern.js'), 'cert', 'dev', '--out', certDir], { cwd: root, env: base, stdio: 'ignore' });
  const env = {
    ...base,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    LECTERN_TLS_CERT: path.join(certDir, 'dev-cert.pem'),
    LECTERN_TLS_KEY: path.join(certDir, 'dev-key.pem'),
    LECTERN_HTTPS_PORT: String(httpsPort),
    LECTERN_CONTENT_PORT: String(contentPort),
    ...options.env,
  };
  let current = launch({ ...env, E2E_EXPECT_PASSWORD: '1' }, port);
  const password = await current.ready;
  if (!password) throw new Error('the first start printed no administrator password');
  return {
    url: `https://localhost:${httpsPort}`,
    port,
    httpsPort,
    contentPort,
    adminEmail: 'admin@localhost.test',
    adminPassword: password,
    async kill() {
      await exited(current.child, 'SIGKILL');
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
