/**
 * Idle memory: the resident set (VmRSS in /proc/<pid>/status) of the server on PGlite
 * after a first start and a handful of requests (health, tenant, a sign-in with the demo
 * administrator's password, the session), then some seconds without requests; and the same
 * after a restart on that data directory. Both must meet the target. The reference in the
 * same run: a bare Fastify server after a few requests and the same idle time.
 * Requests arrive as from a TLS-terminating proxy on this machine: production refuses
 * sign-in over plain HTTP.
 *
 *   npx tsx bench/idle-memory.ts [--idle=10]
 */
import path from 'node:path';
import { makeTempDir, removeTempDir, startWatchdog } from './lib/cleanup.js';
import { expectStatus, request } from './lib/http.js';
import { procStatusKb, sleep } from './lib/process.js';
import { fmtMb, intOption, isEntryPoint, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';
import { disposeServer, ensureServerBuilt, firstAdminPassword, FORWARDED_HTTPS, startBareFastify, startLectern, type RunningServer } from './lib/servers.js';

/** VmRSS of the idle server must stay below this many megabytes (MiB). */
export const TARGET_MB = 300;

const DEMO_ADMIN_EMAIL = 'admin@localhost.test';
const BURST_SIGN_INS = 8;
const VIA_PROXY = { host: 'localhost', headers: { ...FORWARDED_HTTPS } };

function signIn(port: number, password: string) {
  return request({ port, path: '/api/auth/sign-in', method: 'POST', ...VIA_PROXY, json: { email: DEMO_ADMIN_EMAIL, password }, timeoutMs: 30_000 });
}

/** What a first visit does, as it arrives through the TLS-terminating proxy. */
async function exerciseLectern(port: number, password: string): Promise<void> {
  await expectStatus({ port, path: '/healthz' }, 200);
  const tenant = await expectStatus({ port, path: '/api/tenant', ...VIA_PROXY }, 200);
  if (!tenant.body.includes('"slug":"demo"')) throw new Error(`GET /api/tenant: unexpected answer ${tenant.body}`);
  const signedIn = await signIn(port, password);
  if (signedIn.status !== 200) throw new Error(`POST /api/auth/sign-in: expected 200, got ${signedIn.status}: ${signedIn.body.slice(0, 300)}`);
  const cookie = (signedIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('__Host-lectern_session='));
  if (!cookie) throw new Error('sign-in answered 200 but set no __Host-lectern_session cookie (HTTPS through the proxy)');
  const session = await expectStatus({ port, path: '/api/auth/session', host: 'localhost', headers: { ...FORWARDED_HTTPS, cookie } }, 200);
  if (!session.body.includes(DEMO_ADMIN_EMAIL)) throw new Error(`GET /api/auth/session: unexpected answer ${session.body.slice(0, 200)}`);
}

export async function idleMemoryBench(): Promise<BenchOutcome> {
  const idleSec = intOption('idle', 10, 0, 120);
  ensureServerBuilt();
  const disarm = startWatchdog((3 * idleSec + 300) * 1000, 'idle-memory benchmark');
  console.log(`== Idle memory: VmRSS after start, a few requests and ${idleSec} s without requests ==`);
  const tempDir = makeTempDir('idle-memory');
  const dataDir = path.join(tempDir, 'data');
  const servers: RunningServer[] = [];
  const start = async (name: string) => {
    const server = await startLectern({ dataDir, logLevel: 'warn', stdout: 'capture', name, behindTlsProxy: true });
    servers.push(server);
    return server;
  };
  try {
    // 1. First start: creates the database (PGlite's initdb), migrates, seeds the demo site.
    const first = await start('lectern (first start)');
    const firstReady = procStatusKb(first.pid);
    const password = firstAdminPassword(first);
    await exerciseLectern(first.port, password);
    const bare = await startBareFastify();
    servers.push(bare);
    for (let i = 0; i < 4; i++) await expectStatus({ port: bare.port, path: '/' }, 200);
    await sleep(idleSec * 1000);
    const firstIdle = procStatusKb(first.pid);
    const bareIdle = procStatusKb(bare.pid);
    await disposeServer(bare);
    await disposeServer(first);

    // 2. Restart on the same directory: the state a server spends its life in.
    const again = await start('lectern (restart)');
    const againReady = procStatusKb(again.pid);
    await exerciseLectern(again.port, password);
    await sleep(idleSec * 1000);
    const againIdle = procStatusKb(again.pid);

    // 3. Not judged: a burst of sign-ins at once (each argon2 hash takes 19 MiB on a libuv thread).
    const burst = await Promise.all(Array.from({ length: BURST_SIGN_INS }, () => signIn(again.port, password)));
    if (burst.some((answer) => answer.status !== 200)) throw new Error(`burst of sign-ins: ${burst.map((a) => a.status).join(', ')}`);
    await sleep(idleSec * 1000);
    const burstIdle = procStatusKb(again.pid);
    await disposeServer(again);

    const row = (label: string, kb: Record<string, number>) => [
      label,
      fmtMb(kb.VmRSS),
      fmtMb(kb.RssAnon),
      fmtMb(kb.RssFile),
      fmtMb(kb.VmHWM),
    ];
    console.log(
      table([
        ['', 'VmRSS', 'RssAnon', 'RssFile', 'VmHWM (peak)'],
        row('Lectern first start: ready, before requests', firstReady),
        row(`Lectern first start: after requests + ${idleSec} s idle`, firstIdle),
        row('Lectern restart: ready, before requests', againReady),
        row(`Lectern restart: after requests + ${idleSec} s idle`, againIdle),
        row(`  then ${BURST_SIGN_INS} sign-ins at once + ${idleSec} s idle (not judged)`, burstIdle),
        row(`bare Fastify: after 4 requests + ${idleSec} s idle`, bareIdle),
      ]),
    );
    const mb = (kb: Record<string, number>) => (kb.VmRSS ?? Number.NaN) / 1024;
    const bareMb = mb(bareIdle);
    const firstPass = mb(firstIdle) < TARGET_MB;
    const againPass = mb(againIdle) < TARGET_MB;
    console.log();
    console.log(
      `first start: idle VmRSS ${mb(firstIdle).toFixed(1)} MB (${(mb(firstIdle) - bareMb).toFixed(1)} MB above bare)   target < ${TARGET_MB} MB   ${verdict(firstPass)}`,
    );
    console.log(
      `restart:     idle VmRSS ${mb(againIdle).toFixed(1)} MB (${(mb(againIdle) - bareMb).toFixed(1)} MB above bare)   target < ${TARGET_MB} MB   ${verdict(againPass)}`,
    );
    const pass = firstPass && againPass;
    return {
      name: 'idle-memory',
      pass,
      summary:
        `idle VmRSS ${mb(firstIdle).toFixed(1)} MB after the first start, ${mb(againIdle).toFixed(1)} MB after a restart ` +
        `(bare Fastify ${bareMb.toFixed(1)} MB), target < ${TARGET_MB} MB: ${verdict(pass)}`,
    };
  } finally {
    for (const server of servers) await disposeServer(server);
    removeTempDir(tempDir);
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(idleMemoryBench);
