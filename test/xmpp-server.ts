import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { openXmppSession, type XmppSession } from '../src/platform/monitor/notify/xmpp-session.js';
import { waiterList } from './wait-for-match.js';

const run = promisify(execFile);

export interface TestXmppServerOptions {
  /** The XMPP domain (default lectern.test); the server listens on 127.0.0.1 whatever the domain. */
  domain?: string;
  /** Offer TLS (default true). false: a server that speaks only in the clear (and would take PLAIN passwords). */
  tls?: boolean;
  /** Accounts to create before the server starts. */
  users?: { username: string; password: string }[];
}

export interface ReceivedChat {
  from: string;
  body: string;
}

/** A signed-in client that collects the chat messages sent to its account. */
export interface TestXmppReceiver {
  jid: string;
  messages: ReceivedChat[];
  waitForMessage(match?: (message: ReceivedChat) => boolean, timeoutMs?: number): Promise<ReceivedChat>;
  close(): Promise<void>;
}

export interface TestXmppServer {
  domain: string;
  /** xmpp://127.0.0.1:port (STARTTLS). */
  service: string;
  /** xmpps://127.0.0.1:port (TLS from the first byte); absent without TLS. */
  directTlsService: string | undefined;
  /** PEM of the test CA that signed the server's certificate (trusted by nothing unless passed). */
  ca: string;
  /** The same CA in a file, for settings that take a path. */
  caFile: string;
  register(username: string, password: string): Promise<void>;
  /** The server's log so far (info level: sign-ins, TLS, errors). */
  log(): Promise<string>;
  receiver(username: string, password: string): Promise<TestXmppReceiver>;
  close(): Promise<void>;
}

const PROSODY = '/usr/bin/prosody';
const PROSODYCTL = '/usr/bin/prosodyctl';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A CA of its own, and a certificate for the domain signed by it. */
async function certificates(domain: string) {
  const ca = await generate([{ name: 'commonName', value: 'Lectern test XMPP CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: domain }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: domain }] }],
  });
  return { ca: ca.cert, key: server.private, cert: server.cert };
}

const lua = (value: string) => JSON.stringify(value);

/**
 * Debian's prosody on 127.0.0.1, on free ports, with its own config, data, certificate and pid file in
 * a temporary directory: c2s only (no s2s, no HTTP), encryption required unless `tls: false`.
 */
export async function startTestXmppServer(options: TestXmppServerOptions = {}): Promise<TestXmppServer> {
  const domain = options.domain ?? 'lectern.test';
  const withTls = options.tls ?? true;
  const dir = await mkdtemp(join(tmpdir(), 'lectern-prosody-'));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const { ca, key, cert } = await certificates(domain);
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, ca);
  await writeFile(join(dir, 'server.key'), key, { mode: 0o600 });
  await writeFile(join(dir, 'server.crt'), cert);
  const port = await freePort();
  const tlsPort = withTls ? await freePort() : undefined;
  const logFile = join(dir, 'prosody.log');
  const configFile = join(dir, 'prosody.cfg.lua');
  await writeFile(
    configFile,
    [
      // The data directory is the test's own, so root may own it (CI runs as root).
      'run_as_root = true',
      `pidfile = ${lua(join(dir, 'prosody.pid'))}`,
      `data_path = ${lua(dataDir)}`,
      `certificates = ${lua(dir)}`,
      `log = { { levels = { min = "info" }, to = "file", filename = ${lua(logFile)} } }`,
      'interfaces = { "127.0.0.1" }',
      `c2s_ports = { ${port} }`,
      `c2s_direct_tls_ports = { ${tlsPort ?? ''} }`,
      's2s_ports = { }',
      'http_ports = { }',
      'https_ports = { }',
      `modules_enabled = { "roster", "saslauth", "disco", "ping"${withTls ? ', "tls"' : ''} }`,
      `modules_disabled = { "s2s", "offline"${withTls ? '' : ', "tls"'} }`,
      'authentication = "internal_hashed"',
      'storage = "internal"',
      ...(withTls
        ? [`ssl = { key = ${lua(join(dir, 'server.key'))}, certificate = ${lua(join(dir, 'server.crt'))} }`, 'c2s_require_encryption = true']
        : ['c2s_require_encryption = false', 'allow_unencrypted_plain_auth = true']),
      `VirtualHost ${lua(domain)}`,
      '',
    ].join('\n'),
  );

  const register = async (username: string, password: string) => {
    await run(PROSODYCTL, ['--config', configFile, 'register', username, domain, password]);
  };
  for (const user of options.users ?? []) await register(user.username, user.password);

  let child: ChildProcess;
  try {
    child = spawn(PROSODY, ['--config', configFile, '-F'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`could not start ${PROSODY} (apt-get install -y prosody): ${(error as Error).message}`, { cause: error });
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  let running = false;
  child.once('exit', () => (running = false));
  running = true;

  const deadline = Date.now() + 15_000;
  while (!(await canConnect(port)) || (tlsPort !== undefined && !(await canConnect(tlsPort)))) {
    if (!running || Date.now() > deadline) {
      child.kill('SIGKILL');
      const log = await readFile(logFile, 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`prosody did not start (is it installed? apt-get install -y prosody)\n${output}\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const receivers = new Set<XmppSession>();
  const service = `xmpp://127.0.0.1:${port}`;
  return {
    domain,
    service,
    directTlsService: tlsPort ? `xmpps://127.0.0.1:${tlsPort}` : undefined,
    ca,
    caFile,
    register,
    log: () => readFile(logFile, 'utf8'),
    async receiver(username, password) {
      const received = waiterList<ReceivedChat>();
      const session = await openXmppSession({
        service,
        domain,
        username,
        password,
        ca,
        resource: 'receiver',
        available: true,
        onMessage(message) {
          received.push(message);
        },
      });
      // The presence is handled once the server answers a later request.
      await session.flush();
      receivers.add(session);
      return {
        jid: `${username}@${domain}`,
        messages: received.items,
        waitForMessage(match = () => true, timeoutMs = 10_000) {
          return received.waitFor(match, timeoutMs, (chats) => `no matching XMPP message within ${timeoutMs} ms (received: ${chats.map((m) => m.body).join(' | ')})`);
        },
        async close() {
          receivers.delete(session);
          await session.close();
        },
      };
    },
    async close() {
      await Promise.all([...receivers].map((session) => session.close()));
      if (running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
