/**
 * xAPI statement ingest: `POST /xapi/statements` with batches of 50 statements (no ids, so every
 * request stores 50 new statements; actors, verbs and activities vary inside the batch), against
 * a bare Fastify route measured in the same run that parses the same JSON body and answers 50
 * random UUIDs.
 *
 * - The server runs from the TypeScript sources (`node --import tsx`) in a child process, in
 *   production mode on a fresh PostgreSQL database (dropped and created) from BENCH_DATABASE_URL
 *   (or PGlite with --engines=1/2: a figure only), behind a TLS proxy (X-Forwarded-Proto from 127.0.0.1). Before it listens, the child creates a tenant
 *   with the host `localhost` and an LRS key with `statements/write` (as `lectern lrs-key` does).
 * - autocannon drives N keep-alive connections for --duration seconds after a warm-up.
 *
 * Reported: statements/s (2xx answers × 50), the ratio to the bare route, p99 latency, failures.
 * Target: PostgreSQL >= 5,000 statements/s with no failures.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lectern_xapi_bench npx tsx bench/xapi-ingest.ts [--duration=10] [--connections=8] [--engines=3]
 *   (--engines: 1 = PGlite only, 2 = both when a database URL is given, 3 = PostgreSQL only; default 3)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { makeTempDir, removeTempDir, startWatchdog } from './lib/cleanup.js';
import { freePort, LOOPBACK, waitUntilAnswering } from './lib/http.js';
import { Child, cpuTimeMs } from './lib/process.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';
import { FORWARDED_HTTPS, projectRoot } from './lib/servers.js';

const BATCH = 50;
const PG_TARGET_STATEMENTS_PER_SEC = 5000;
const ROLE_ENV = 'XAPI_INGEST_BENCH_ROLE';

/** One batch of `BATCH` statements without ids: learners, verbs and activities vary inside it. */
export function statementBatch(seed: number): Record<string, unknown>[] {
  const verbs = ['completed', 'attempted', 'answered', 'experienced', 'passed'];
  return Array.from({ length: BATCH }, (_, i) => {
    const n = seed * BATCH + i;
    const verb = verbs[n % verbs.length]!;
    return {
      actor: { objectType: 'Agent', name: `Learner ${n % 997}`, account: { homePage: 'https://learn.example.com', name: `learner-${n % 997}` } },
      verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
      object: {
        objectType: 'Activity',
        id: `https://courses.example.com/course-${n % 7}/activity-${n % 101}`,
        definition: { name: { 'en-US': `Activity ${n % 101}` }, type: 'http://adlnet.gov/expapi/activities/lesson' },
      },
      result: { completion: true, success: n % 3 !== 0, score: { scaled: (n % 100) / 100 }, duration: 'PT1M30S' },
      context: {
        registration: `6a1e2b3c-0000-4000-8000-${String(n % 997).padStart(12, '0')}`,
        contextActivities: { parent: [{ id: `https://courses.example.com/course-${n % 7}` }] },
      },
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 86_400)).toISOString(),
    };
  });
}

// ---- the server role (child process) ----

async function serve(): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { openMigratedDatabase } = await import('../src/platform/db/open.js');
  const { buildApp } = await import('../src/app.js');
  const { createTenant } = await import('../src/platform/tenancy/tenants.service.js');
  const { createLrsKeyFromCommandLine } = await import('../src/lrs/index.js');

  const databaseUrl = process.env.BENCH_DATABASE_URL;
  // A fresh database for each run.
  if (databaseUrl) await (await import('./lib/bench-databases.js')).recreatePostgresDatabase(databaseUrl);
  const config = loadConfig({
    NODE_ENV: 'production',
    LECTERN_CONTENT_ORIGIN: 'https://*.content.localhost',
    LOG_LEVEL: 'warn',
    // Behind a TLS-terminating proxy on this machine, as production requires for credentials.
    LECTERN_TRUST_PROXY: LOOPBACK,
    DATA_DIR: process.env.DATA_DIR!,
    LECTERN_SEED_DEMO: 'false',
    LECTERN_JOBS: 'false',
    // One address sends everything: no rate limit applies.
    LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0',
    LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0',
    LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const db = await openMigratedDatabase(config);
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: ['localhost'] });
  const created = await createLrsKeyFromCommandLine(db, tenant, { name: 'bench', scopes: ['statements/write'] });
  writeFileSync(process.env.KEY_FILE!, JSON.stringify({ key: created.record.key, secret: created.secret }));
  const app = await buildApp({ config, db });
  await app.listen({ port: Number(process.env.PORT), host: LOOPBACK });
  console.log('READY');
  process.once('SIGTERM', () => {
    void app.close().then(() => db.close()).then(() => process.exit(0));
  });
}

// ---- the benchmark ----

const BARE_SOURCE = `
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
app.get('/', () => ({ status: 'ok' }));
app.post('/xapi/statements', (request) => request.body.map(() => randomUUID()));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

interface Measurement {
  statementsPerSec: number;
  p99: number;
  failures: number;
  cpuUsPerStatement: number;
}

async function load(port: number, opts: { durationSec: number; connections: number; authorization?: string }, pid: number): Promise<Measurement> {
  // A few different bodies, so the batches are not all alike; each stores 50 new statements.
  const bodies = Array.from({ length: 20 }, (_, seed) => JSON.stringify(statementBatch(seed)));
  let counter = 0;
  const headers: Record<string, string> = {
    host: `localhost:${port}`,
    'content-type': 'application/json',
    'x-experience-api-version': '1.0.3',
    ...FORWARDED_HTTPS,
    ...(opts.authorization ? { authorization: opts.authorization } : {}),
  };
  const cpuBefore = cpuTimeMs(pid);
  const result = await autocannon({
    url: `http://${LOOPBACK}:${port}`,
    connections: opts.connections,
    duration: opts.durationSec,
    timeout: 10,
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, method: 'POST', path: '/xapi/statements', headers, body: bodies[counter++ % bodies.length] }) }],
  });
  const cpuMs = cpuTimeMs(pid) - cpuBefore;
  const ok = result['2xx'];
  return {
    statementsPerSec: (ok * BATCH) / result.duration,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuUsPerStatement: ok > 0 ? (cpuMs * 1000) / (ok * BATCH) : Number.NaN,
  };
}

async function startBare(): Promise<{ child: Child; port: number }> {
  const port = await freePort();
  const child = new Child({
    name: 'bare Fastify',
    command: process.execPath,
    args: ['--input-type=module', '-e', BARE_SOURCE],
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOST: LOOPBACK, PORT: String(port) },
    stdout: 'capture',
  });
  await waitUntilAnswering(child, port, '/', { timeoutMs: 30_000 });
  return { child, port };
}

async function startLrsServer(engine: 'pglite' | 'postgres', databaseUrl: string | undefined) {
  const port = await freePort();
  const tempDir = makeTempDir('xapi-ingest');
  const keyFile = path.join(tempDir, 'key.json');
  const child = new Child({
    name: `lectern (${engine})`,
    command: process.execPath,
    args: [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', path.join(projectRoot, 'bench', 'xapi-ingest.ts')],
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      [ROLE_ENV]: 'server',
      PORT: String(port),
      DATA_DIR: path.join(tempDir, 'data'),
      KEY_FILE: keyFile,
      ...(engine === 'postgres' && databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}),
    },
    stdout: 'capture',
  });
  await child.waitForOutput(/^READY$/m, 180_000);
  const { key, secret } = JSON.parse(readFileSync(keyFile, 'utf8')) as { key: string; secret: string };
  return { child, port, tempDir, authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

interface EngineResult {
  engine: 'pglite' | 'postgres';
  lrs: Measurement;
  bare: Measurement;
  ratio: number;
  pass: boolean;
}

async function measureEngine(engine: 'pglite' | 'postgres', opts: { durationSec: number; connections: number; databaseUrl?: string }): Promise<EngineResult> {
  const bare = await startBare();
  const server = await startLrsServer(engine, opts.databaseUrl);
  try {
    const base = { durationSec: opts.durationSec, connections: opts.connections };
    // Warm-up of both: JIT, caches, the first activities' definitions.
    await load(bare.port, { ...base, durationSec: 2 }, bare.child.pid);
    await load(server.port, { ...base, durationSec: 3, authorization: server.authorization }, server.child.pid);
    const bare1 = await load(bare.port, base, bare.child.pid);
    const lrs = await load(server.port, { ...base, authorization: server.authorization }, server.child.pid);
    const bare2 = await load(bare.port, base, bare.child.pid);
    const bareRate = (bare1.statementsPerSec + bare2.statementsPerSec) / 2;
    const failures = lrs.failures + bare1.failures + bare2.failures;
    const pass = failures === 0 && (engine === 'pglite' || lrs.statementsPerSec >= PG_TARGET_STATEMENTS_PER_SEC);
    return { engine, lrs, bare: { ...bare1, statementsPerSec: bareRate, failures: bare1.failures + bare2.failures }, ratio: lrs.statementsPerSec / bareRate, pass };
  } finally {
    await server.child.stop();
    removeTempDir(server.tempDir);
    await bare.child.stop();
  }
}

export async function xapiIngestBench(): Promise<BenchOutcome> {
  const durationSec = intOption('duration', 10, 2, 60);
  const connections = intOption('connections', 8, 1, 1000);
  const engines = intOption('engines', 3, 1, 3);
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const stopWatchdog = startWatchdog((durationSec * 6 + 300) * 1000, 'xapi-ingest bench');
  const results: EngineResult[] = [];
  try {
    if (engines !== 3) results.push(await measureEngine('pglite', { durationSec, connections }));
    if (engines !== 1 && databaseUrl) results.push(await measureEngine('postgres', { durationSec, connections, databaseUrl }));
    else if (engines !== 1) console.log('PostgreSQL skipped: set BENCH_DATABASE_URL to a database the benchmark may drop and create');
  } finally {
    stopWatchdog();
  }
  console.log(`\nxapi-ingest (${machineLoad()}, batches of ${BATCH}, ${connections} connections, ${durationSec} s per measurement)`);
  console.log(
    table([
      ['engine', 'statements/s', 'bare route statements/s', 'ratio', 'p99', 'bare p99', 'server CPU µs/statement', 'failed', 'target', 'verdict'],
      ...results.map((r) => [
        r.engine,
        fmtInt(r.lrs.statementsPerSec),
        fmtInt(r.bare.statementsPerSec),
        r.ratio.toFixed(3),
        fmtMs(r.lrs.p99),
        fmtMs(r.bare.p99),
        fmtInt(r.lrs.cpuUsPerStatement),
        String(r.lrs.failures + r.bare.failures),
        r.engine === 'postgres' ? `>= ${fmtInt(PG_TARGET_STATEMENTS_PER_SEC)}/s` : '(figure only)',
        verdict(r.pass),
      ]),
    ]),
  );
  const pg = results.find((r) => r.engine === 'postgres');
  return {
    name: 'xapi-ingest',
    pass: pg !== undefined && results.every((r) => r.pass),
    summary: `xapi-ingest: ${results.map((r) => `${r.engine} ${fmtInt(r.lrs.statementsPerSec)} statements/s (${r.ratio.toFixed(2)} of bare, p99 ${fmtMs(r.lrs.p99)})`).join('; ')}`,
  };
}

if (process.env[ROLE_ENV] === 'server') {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (isEntryPoint(import.meta.url)) {
  runAsScript(xapiIngestBench);
}
