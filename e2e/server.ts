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
  adminEmail: string;
  adminPassword: string;
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

/**
 * Starts the built server as an operator would in production (`lectern serve`, HTTPS with a
 * certificate from `lectern cert dev`, HTTP beside it, a fresh embedded database) and reads the
 * first administrator's password from its console output.
 */
export async function startServer(): Promise<RunningServer> {
  const root = path.resolve(import.meta.dirname, '..');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  const port = await freePort();
  const httpsPort = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LECTERN_') && k !== 'DATABASE_URL'));
  const certDir = path.join(dataDir, 'certs');
  execFileSync(process.execPath, [path.join(root, 'bin/lectern.js'), 'cert', 'dev', '--out', certDir], { cwd: root, env, stdio: 'ignore' });
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/lectern.js'), 'serve'], {
    cwd: root,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      LECTERN_TLS_CERT: path.join(certDir, 'dev-cert.pem'),
      LECTERN_TLS_KEY: path.join(certDir, 'dev-key.pem'),
      LECTERN_HTTPS_PORT: String(httpsPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const password = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /Password:\s+(\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: `https://localhost:${httpsPort}`,
    port,
    httpsPort,
    adminEmail: 'admin@localhost.test',
    adminPassword: password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
