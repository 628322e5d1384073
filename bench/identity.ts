/**
 * The identity issue's targets, each against a reference measured in the same run:
 *
 * 1. Sign-in throughput with argon2id at the default parameters, from many client addresses
 *    at once (as many users behind a TLS proxy), while a second load measures GET /healthz:
 *    at least 20 sign-ins/s, and the p99 of /healthz under that load next to its p99 alone.
 * 2. The cost of a session: GET /api/auth/session with a valid cookie against GET /api/tenant
 *    (the same tenant resolution, headers and JSON, without a session), on the same server:
 *    the session route may cost at most 25% more (throughput ratio >= 0.8).
 *
 *   npx tsx bench/identity.ts [--duration=10] [--workers=8]
 */
import http from 'node:http';
import { startWatchdog } from './lib/cleanup.js';
import { LOOPBACK, expectStatus } from './lib/http.js';
import { failureCount, runLoad } from './lib/load.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';
import { disposeServer, ensureServerBuilt, firstAdminPassword, FORWARDED_HTTPS, startLectern } from './lib/servers.js';

const SIGN_INS_PER_SEC_TARGET = 20;
const SESSION_RATIO_TARGET = 0.8;

function signInOnce(port: number, email: string, password: string, clientIp: string): Promise<{ status: number; cookie?: string }> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: LOOPBACK,
        port,
        path: '/api/auth/sign-in',
        method: 'POST',
        agent: false,
        headers: {
          host: 'localhost',
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-forwarded-for': clientIp,
          ...FORWARDED_HTTPS,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('sign-in: no answer within 10 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** `workers` parallel clients signing in for `durationSec`, each request from its own address. */
async function signInLoad(port: number, email: string, password: string, durationSec: number, workers: number) {
  const end = performance.now() + durationSec * 1000;
  let ok = 0;
  let failed = 0;
  let n = 0;
  const worker = async () => {
    while (performance.now() < end) {
      n++;
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const { status } = await signInOnce(port, email, password, ip);
      if (status === 200) ok++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  return { perSec: ok / ((performance.now() - started) / 1000), ok, failed };
}

export async function identityBench(): Promise<BenchOutcome> {
  const durationSec = intOption('duration', 10, 2, 60);
  const workers = intOption('workers', 8, 1, 64);
  ensureServerBuilt();
  const stopWatchdog = startWatchdog((durationSec * 6 + 120) * 1000, 'identity bench');
  // Rate limits off: every load here comes from one address, and the limits are not what is measured.
  const server = await startLectern({
    behindTlsProxy: true,
    logLevel: 'warn',
    extraEnv: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0' },
  });
  try {
    const password = firstAdminPassword(server);
    const email = 'admin@localhost.test';
    const { cookie } = await signInOnce(server.port, email, password, '10.255.255.1');
    if (!cookie) throw new Error('sign-in for the session measurement failed');
    const session = { cookie, host: `localhost:${server.port}`, ...FORWARDED_HTTPS };
    await expectStatus({ port: server.port, path: '/api/auth/session', host: 'localhost', headers: session }, 200);

    // 1. Sign-ins, with /healthz measured alone and under the sign-in load.
    const load = { port: server.port, durationSec, connections: 10, pipelining: 1, serverPid: server.pid };
    const healthAlone = await runLoad({ ...load, path: '/healthz' });
    const [signIns, healthUnderLoad] = await Promise.all([
      signInLoad(server.port, email, password, durationSec, workers),
      runLoad({ ...load, path: '/healthz' }),
    ]);

    // 2. Session cost: the same server, the same tenant work, with and without a session.
    const headers = { host: `localhost:${server.port}`, ...FORWARDED_HTTPS };
    const sessionLoad = { ...load, connections: 50 };
    const anonymous = await runLoad({ ...sessionLoad, path: '/api/tenant', headers });
    const withSession = await runLoad({ ...sessionLoad, path: '/api/auth/session', headers: { ...headers, cookie } });
    const anonymous2 = await runLoad({ ...sessionLoad, path: '/api/tenant', headers });
    const withSession2 = await runLoad({ ...sessionLoad, path: '/api/auth/session', headers: { ...headers, cookie } });
    const anonymousRps = (anonymous.requestsPerSec + anonymous2.requestsPerSec) / 2;
    const sessionRps = (withSession.requestsPerSec + withSession2.requestsPerSec) / 2;
    const ratio = sessionRps / anonymousRps;
    const failures = [healthAlone, healthUnderLoad, anonymous, withSession, anonymous2, withSession2].reduce((n, r) => n + failureCount(r), 0);

    const signInPass = signIns.perSec >= SIGN_INS_PER_SEC_TARGET && signIns.failed === 0;
    const sessionPass = ratio >= SESSION_RATIO_TARGET;
    console.log(`\nidentity (${machineLoad()}, ${durationSec} s per measurement, embedded database)`);
    console.log(
      table([
        ['measurement', 'figure', 'reference', 'target', 'verdict'],
        [
          `sign-ins/s (${workers} clients, argon2id)`,
          `${signIns.perSec.toFixed(1)} (${signIns.failed} failed)`,
          '',
          `>= ${SIGN_INS_PER_SEC_TARGET}`,
          verdict(signInPass),
        ],
        ['/healthz p99 during sign-ins', fmtMs(healthUnderLoad.latencyMs.p99, 1), `${fmtMs(healthAlone.latencyMs.p99, 1)} alone`, 'report', ''],
        ['/healthz req/s during sign-ins', fmtInt(healthUnderLoad.requestsPerSec), `${fmtInt(healthAlone.requestsPerSec)} alone`, 'report', ''],
        ['GET /api/auth/session (cookie) req/s', fmtInt(sessionRps), `${fmtInt(anonymousRps)} GET /api/tenant`, `ratio >= ${SESSION_RATIO_TARGET}`, `${ratio.toFixed(2)} ${verdict(sessionPass)}`],
      ]),
    );
    if (failures > 0) console.log(`${failures} failed requests in the loads: the figures are not valid`);
    return {
      name: 'identity',
      pass: signInPass && sessionPass && failures === 0,
      summary: `sign-ins ${signIns.perSec.toFixed(1)}/s (healthz p99 ${fmtMs(healthUnderLoad.latencyMs.p99, 1)} vs ${fmtMs(healthAlone.latencyMs.p99, 1)}); session/anonymous ${ratio.toFixed(2)}`,
    };
  } finally {
    await disposeServer(server);
    stopWatchdog();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(identityBench);
