/**
 * What monitoring costs a request: the same server twice, with request and database timing on
 * (LECTERN_METRICS=true, the default, and /metrics scraped every few seconds as Prometheus
 * would) and off (LECTERN_METRICS=false, nobody scraping), measured in turns on the same
 * signed-in route (GET /api/auth/session: tenant, session lookup in the database, JSON).
 * Both run in child processes from src/ (node --import tsx); the client runs in this process.
 * Each pair of processes is started afresh (--pairs); the verdict is the median of the pairs.
 *
 *   npx tsx bench/monitoring-overhead.ts [--pairs=3] [--duration=6] [--rounds=4] [--connections=4] [--warmup=3] [--scrape-every=5 (0: no scrapes)] [--same=true]
 *
 * Then, in this process, what timing costs one database transaction shaped like the SCORM
 * commit's (begin with the tenant's settings, a statement, commit): the same transaction on two
 * connections to one database, statement timing on and off, in turns (PGlite; and PostgreSQL
 * when BENCH_PG_URL names a server).
 *
 *   npx tsx bench/monitoring-overhead.ts --statements-only=true [--transactions=5000]
 *
 * Last, what monitoring adds to a request in microseconds, measured without two processes: the
 * application twice in this process, with and without, the same request through inject() in
 * turns; its share of the p50 latency over HTTP measured before (the process pairs' figures
 * scatter by a few per cent either way, an A/A run with --same=true shows how far).
 *
 *   npx tsx bench/monitoring-overhead.ts --in-process-only=true [--inject-requests=1000] [--inject-rounds=40]
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { makeTempDir, removeTempDir, startWatchdog } from './lib/cleanup.js';
import { expectStatus, freePort, LOOPBACK, request, waitUntilAnswering } from './lib/http.js';
import { Child, cpuTimeMs } from './lib/process.js';
import { intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';
import { FORWARDED_HTTPS, projectRoot } from './lib/servers.js';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { queryRows, type Db } from '../src/platform/db/client.js';
import { openMigratedDatabase } from '../src/platform/db/open.js';
import { timedQuery } from '../src/platform/monitor/db.metrics.js';
import type { App } from '../src/app.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { openPgliteBenchDb } from './lib/bench-databases.js';
import { injectedSignIn, withInProcessApp } from './lib/in-process-app.js';

/** Latency with monitoring on over latency with it off must stay below this (the median of the rounds' p50 ratios). */
export const TARGET_RATIO = 1.02;

const ROUTE = '/api/auth/session';

/** Every request comes from one address: the limits are not what is measured. */
const UNLIMITED = { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0', LECTERN_RATE_LIMIT_FLOOD_PER_MINUTE: '0' };

interface Server {
  label: string;
  metrics: boolean;
  child: Child;
  port: number;
  dataDir: string;
  tempDir: string;
  cookie?: string;
  rounds: Round[];
}

interface Round {
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  failures: number;
  cpuUsPerRequest: number;
}

async function startServer(label: string, metrics: boolean): Promise<Server> {
  const port = await freePort();
  const tempDir = makeTempDir('monitoring');
  const dataDir = path.join(tempDir, 'data');
  const child = new Child({
    name: label,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(projectRoot, 'src', 'main.ts')],
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: LOOPBACK,
      PORT: String(port),
      LECTERN_CONTENT_PORT: String(await freePort()),
      LECTERN_CONTENT_ORIGIN: 'https://*.content.localhost',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LECTERN_SEED_DEMO: 'true',
      LECTERN_TRUST_PROXY: LOOPBACK,
      ...UNLIMITED,
      LECTERN_METRICS: String(metrics),
    },
    stdout: 'ignore',
  });
  const server: Server = { label, metrics, child, port, dataDir, tempDir, rounds: [] };
  await waitUntilAnswering(child, port, '/readyz', { timeoutMs: 120_000 });
  return server;
}

async function signIn(server: Server): Promise<void> {
  const password = /^Password:\s+(\S+)$/m.exec(readFileSync(path.join(server.dataDir, 'initial-admin-password.txt'), 'utf8'))?.[1];
  if (!password) throw new Error(`${server.label}: no first administrator's password in its data directory`);
  const answer = await expectStatus(
    { port: server.port, path: '/api/auth/sign-in', method: 'POST', host: 'localhost', headers: { ...FORWARDED_HTTPS }, json: { email: 'admin@localhost.test', password } },
    200,
  );
  const cookie = String(answer.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  server.cookie = cookie;
  await expectStatus({ port: server.port, path: ROUTE, host: 'localhost', headers: { ...FORWARDED_HTTPS, cookie } }, 200);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `connections` keep-alive clients, each sending the next request when the last is answered, for `seconds`. */
async function measure(server: Server, seconds: number, connections: number, scrapeEverySec: number, scraped: Server): Promise<Round> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = { host: `localhost:${server.port}`, cookie: server.cookie!, ...FORWARDED_HTTPS };
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = cpuTimeMs(server.child.pid);
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request({ host: LOOPBACK, port: server.port, path: ROUTE, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - started);
          else failures += 1;
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        failures += 1;
        resolve();
      });
      req.end();
    });
  const client = async () => {
    while (performance.now() < end) await one();
  };
  // Prometheus reads /metrics while the requests run (on the instrumented server only: its cost is monitoring's;
  // with --same=true on the first of the two).
  const scrapes = server === scraped && scrapeEverySec > 0
    ? setInterval(() => {
        void request({ port: server.port, path: '/metrics' }).then((answer) => {
          if (answer.status !== 200) failures += 1;
        });
      }, scrapeEverySec * 1000)
    : undefined;
  await Promise.all(Array.from({ length: connections }, client));
  clearInterval(scrapes);
  const cpuMs = cpuTimeMs(server.child.pid) - cpuBefore;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    failures,
    cpuUsPerRequest: (cpuMs * 1000) / Math.max(1, latencies.length),
  };
}

const TENANT = '00000000-0000-4000-8000-00000000b3e7';

/** Microseconds per tenant transaction (3 round trips), `count` of them one after the other. */
async function transactionsUs(db: Db, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await db.withTenant(TENANT, (tx) => queryRows(tx, sql`select ${i}::int as n`));
  return ((performance.now() - started) * 1000) / count;
}

/** The statement timing's cost per transaction, on and off in turns; the median of the rounds' differences. */
async function statementTimingCost(engine: 'pglite' | 'postgres', url: string | undefined, transactions: number, rounds: number): Promise<string[]> {
  const dirs: string[] = [];
  // A migrated database (the application role and its grants come with the migrations): PGlite a
  // database of its own each, PostgreSQL the one BENCH_PG_URL names, migrated by the first.
  const open = async (timeQueries: boolean) => {
    const dir = makeTempDir('statements');
    dirs.push(dir);
    return openMigratedDatabase(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, LECTERN_METRICS: String(timeQueries), ...(engine === 'postgres' ? { DATABASE_URL: url! } : {}) }),
    );
  };
  const [on, off] = [await open(true), await open(false)];
  try {
    await transactionsUs(on, 500);
    await transactionsUs(off, 500);
    const results = { on: [] as number[], off: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const order: ['on' | 'off', Db][] = round % 2 === 0 ? [['on', on], ['off', off]] : [['off', off], ['on', on]];
      for (const [key, db] of order) results[key].push(await transactionsUs(db, transactions));
    }
    const differences = results.on.map((us, i) => us - results.off[i]!);
    const [medianOn, medianOff] = [median(results.on), median(results.off)];
    return [
      engine,
      medianOn.toFixed(1),
      medianOff.toFixed(1),
      `${median(differences).toFixed(2)} (${differences.map((d) => d.toFixed(1)).join(', ')})`,
      `${(((medianOn - medianOff) / medianOff) * 100).toFixed(2)} %`,
    ];
  } finally {
    await on.close();
    await off.close();
    for (const dir of dirs) removeTempDir(dir);
  }
}

/**
 * The timing wrapper alone, around a driver call that answers at once (a resolved promise):
 * nanoseconds it adds to each statement, without the database's own time and its noise.
 */
async function wrapperNs(calls: number, rounds: number): Promise<{ raw: number; timed: number }> {
  const answer = Promise.resolve({ rows: [] });
  const raw = (..._args: unknown[]) => answer;
  const timed = timedQuery(raw);
  const perCall = async (query: (...args: unknown[]) => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await query('select 1', [i]);
    return ((performance.now() - started) * 1e6) / calls;
  };
  const results = { raw: [] as number[], timed: [] as number[] };
  await perCall(raw);
  await perCall(timed);
  for (let round = 0; round < rounds; round++) {
    results.raw.push(await perCall(raw));
    results.timed.push(await perCall(timed));
  }
  return { raw: Math.min(...results.raw), timed: Math.min(...results.timed) };
}

async function statementsBench(): Promise<void> {
  const wrapper = await wrapperNs(200_000, 5);
  console.log(
    `\n== Statement timing, the wrapper alone: ${wrapper.timed.toFixed(0)} ns per call timed, ${wrapper.raw.toFixed(0)} ns untimed ` +
      `(the fastest of 5 rounds of 200,000 calls): ${(wrapper.timed - wrapper.raw).toFixed(0)} ns per statement ==`,
  );
  const transactions = intOption('transactions', 5000, 100, 100_000);
  const rounds = intOption('rounds', 6, 1, 20);
  console.log(`
== Statement timing: a tenant transaction (begin + settings, one statement, commit), ${transactions} per round, ${rounds} rounds ==`);
  const rows = [['engine', 'µs/transaction on', 'off', 'difference µs (per round)', 'share']];
  rows.push(await statementTimingCost('pglite', undefined, transactions, rounds));
  // PostgreSQL: any database of a server where Lectern's migrations created the role lectern_app once.
  const url = process.env.BENCH_PG_URL;
  if (url) rows.push(await statementTimingCost('postgres', url, transactions, rounds));
  else console.log('(BENCH_PG_URL not set: PGlite only)');
  console.log(table(rows));
}

const IN_PROCESS_HOST = 'bench.test';

/** A site with one administrator on `app`'s database, signed in: the session cookie. */
async function signedInSite(app: App, db: Db): Promise<string> {
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [IN_PROCESS_HOST] });
  const password = 'Correct-Horse-9';
  await createUser(db, tenant.id, { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password });
  return injectedSignIn(app, IN_PROCESS_HOST, 'admin@bench.test', password);
}

/** Microseconds per request, `count` requests one after the other through inject(). */
async function injectedUs(app: App, cookie: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const res = await app.inject({ method: 'GET', url: ROUTE, headers: { host: IN_PROCESS_HOST, cookie } });
    if (res.statusCode !== 200) throw new Error(`${ROUTE} answered ${res.statusCode}`);
  }
  return ((performance.now() - started) * 1000) / count;
}

/**
 * What monitoring adds to one request in microseconds, without two processes' own biases: the
 * whole application twice in this process (LECTERN_METRICS=true and false, a PGlite database
 * each), sharing one JIT, the same signed-in request through inject() on each in turns; the
 * median of the rounds' differences. Also what one scrape of /metrics takes.
 */
async function inProcessCost(requests: number, rounds: number): Promise<{ on: number; off: number; differences: number[]; scrapeMs: number }> {
  const app = <T>(metrics: boolean, work: (app: App, db: Db) => Promise<T>) =>
    withInProcessApp(`monitoring-${metrics}`, () => openPgliteBenchDb(`monitoring-${metrics}`, { LECTERN_METRICS: String(metrics) }), work, { ...UNLIMITED, LECTERN_METRICS: String(metrics) });
  return app(true, (on, onDb) =>
    app(false, async (off, offDb) => {
      const [onCookie, offCookie] = [await signedInSite(on, onDb), await signedInSite(off, offDb)];
      // The registry is the process's: both apps serve the same series, which only the instrumented one adds to.
      const timedRequests = async () => {
        const text = (await on.inject({ method: 'GET', url: '/metrics' })).body;
        const counts = text.split('\n').filter((line) => line.startsWith('lectern_http_request_duration_seconds_count{') && line.includes(`route="${ROUTE}"`));
        return counts.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
      };
      const before = await timedRequests();
      await injectedUs(on, onCookie, requests);
      const afterOn = await timedRequests();
      await injectedUs(off, offCookie, requests);
      if (afterOn - before !== requests || (await timedRequests()) !== afterOn) throw new Error(`the instrumented app timed ${afterOn - before} of ${requests} requests; the plain one must time none`);
      const results = { on: [] as number[], off: [] as number[] };
      for (let round = 0; round < rounds; round++) {
        const order: ['on' | 'off', App, string][] = round % 2 === 0 ? [['on', on, onCookie], ['off', off, offCookie]] : [['off', off, offCookie], ['on', on, onCookie]];
        for (const [key, target, cookie] of order) results[key].push(await injectedUs(target, cookie, requests));
      }
      const scrapes: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        await on.inject({ method: 'GET', url: '/metrics' });
        scrapes.push(performance.now() - started);
      }
      return { on: median(results.on), off: median(results.off), differences: results.on.map((us, i) => us - results.off[i]!), scrapeMs: median(scrapes) };
    }),
  );
}

/**
 * The in-process measurement, reported against `httpP50Us` (the p50 latency over HTTP without
 * monitoring) when there is one, else against the in-process time per request (shorter than over
 * HTTP: a share of it overstates). Returns the summary's words.
 */
async function inProcessReport(httpP50Us?: number): Promise<string> {
  const requests = intOption('inject-requests', 1000, 100, 100_000);
  const rounds = intOption('inject-rounds', 40, 2, 200);
  const cost = await inProcessCost(requests, rounds);
  const addedUs = median(cost.differences);
  const [base, against] = httpP50Us === undefined ? [cost.off, 'the in-process time per request without monitoring (an overstatement: over HTTP it is longer)'] : [httpP50Us, 'the p50 latency over HTTP without monitoring, above'];
  const share = addedUs / base;
  const pass = share < TARGET_RATIO - 1;
  console.log(`
== In one process: the application with and without monitoring, ${rounds} rounds of ${requests} requests each through inject() ==
µs per request on ${cost.on.toFixed(1)}, off ${cost.off.toFixed(1)}; added by monitoring (median of the rounds' differences): ${addedUs.toFixed(2)} µs (${cost.differences.map((d) => d.toFixed(1)).join(', ')})
against ${against} (${base.toFixed(0)} µs): ${(share * 100).toFixed(2)} %   target < ${((TARGET_RATIO - 1) * 100).toFixed(0)} %   ${verdict(pass)}
one scrape of /metrics: ${cost.scrapeMs.toFixed(2)} ms (at one scrape per 15 s, ${((cost.scrapeMs / 15_000) * 100).toFixed(3)} % of one core)`);
  return `+${addedUs.toFixed(2)} µs per request, ${(share * 100).toFixed(2)} % (${verdict(pass)})`;
}

interface PairResult {
  servers: Server[];
  ratios: { p50: number[]; p95: number[]; cpu: number[] };
  failed: number;
}

/**
 * One pair of fresh server processes (instrumented and plain, or two plain ones with --same),
 * each warmed up, then measured in turns for `rounds` rounds. A process carries a bias of its own
 * (what the JIT made of its hot paths, where its heap lies) of a few per cent either way, larger
 * than what is measured; several pairs, each started afresh, let the median see past it.
 */
async function measurePair(pair: number, options: { same: boolean; rounds: number; durationSec: number; connections: number; warmupSec: number; scrapeEverySec: number }): Promise<PairResult> {
  const { same, rounds, durationSec, connections, warmupSec, scrapeEverySec } = options;
  const servers: Server[] = [];
  try {
    // --same=true runs two identical servers (both off): what the comparison reads when nothing differs.
    servers.push(same ? await startServer('off (A)', false) : await startServer('metrics on', true));
    servers.push(await startServer(same ? 'off (B)' : 'metrics off', false));
    for (const server of servers) {
      await signIn(server);
      const text = (await request({ port: server.port, path: '/metrics' })).body;
      const timed = text.includes(`route="${ROUTE}"`) && /^lectern_db_query_duration_seconds_count [1-9]/m.test(text);
      if (timed !== server.metrics) throw new Error(`${server.label}: /metrics ${timed ? 'shows' : 'does not show'} request and statement timing`);
      if (warmupSec > 0) await measure(server, warmupSec, connections, scrapeEverySec, servers[0]!);
    }

    const ratios = { p50: [] as number[], p95: [] as number[], cpu: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      // Alternate who goes first, so that a slow phase of the machine does not always hit the same server.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const result = await measure(server, durationSec, connections, scrapeEverySec, servers[0]!);
        server.rounds.push(result);
        console.log(
          `  pair ${pair + 1} round ${round + 1}  ${server.label.padEnd(12)} p50 ${result.p50.toFixed(3)} ms  p95 ${result.p95.toFixed(3)} ms  p99 ${result.p99.toFixed(3)} ms  ` +
            `${result.requests} requests  server CPU ${result.cpuUsPerRequest.toFixed(1)} µs/request${result.failures > 0 ? `  !! ${result.failures} failed` : ''}`,
        );
      }
      const [on, off] = [servers[0]!.rounds[round]!, servers[1]!.rounds[round]!];
      ratios.p50.push(on.p50 / off.p50);
      ratios.p95.push(on.p95 / off.p95);
      ratios.cpu.push(on.cpuUsPerRequest / off.cpuUsPerRequest);
    }
    const failed = servers.flatMap((s) => s.rounds).reduce((n, r) => n + r.failures, 0);
    return { servers, ratios, failed };
  } finally {
    for (const server of [...servers].reverse()) {
      await server.child.stop();
      removeTempDir(server.tempDir);
    }
  }
}

export async function monitoringOverheadBench(): Promise<BenchOutcome> {
  if (process.argv.includes('--in-process-only=true')) {
    const summary = await inProcessReport();
    return { name: 'monitoring-in-process', pass: true, summary: `in one process: ${summary}` };
  }
  if (process.argv.includes('--statements-only=true')) {
    await statementsBench();
    return { name: 'monitoring-statements', pass: true, summary: 'statement timing measured (no target of its own)' };
  }
  const pairs = intOption('pairs', 3, 1, 10);
  const durationSec = intOption('duration', 6, 1, 60);
  const rounds = intOption('rounds', 4, 1, 20);
  const connections = intOption('connections', 4, 1, 64);
  const warmupSec = intOption('warmup', 3, 0, 30);
  const scrapeEverySec = intOption('scrape-every', 5, 0, 60);
  const same = process.argv.includes('--same=true') || process.env.BENCH_SAME === 'true';
  const disarm = startWatchdog((pairs * (2 * (warmupSec + rounds * (durationSec + 2)) + 240) + 300) * 1000, 'monitoring-overhead benchmark');

  console.log(`== Monitoring overhead: GET ${ROUTE} with LECTERN_METRICS=true (scraped every ${scrapeEverySec} s) vs false ==`);
  console.log(`${pairs} pair(s) of fresh server processes; per pair ${rounds} round(s) of ${durationSec} s per server, ${connections} closed-loop keep-alive connections, ${warmupSec} s warm-up each.`);
  console.log(machineLoad());

  try {
    const results: PairResult[] = [];
    for (let pair = 0; pair < pairs; pair++) results.push(await measurePair(pair, { same, rounds, durationSec, connections, warmupSec, scrapeEverySec }));

    const rows = [['pair', 'server', 'p50 ms', 'p95 ms', 'p99 ms', 'server CPU µs/req', 'p50 ratio', 'CPU ratio']];
    results.forEach((result, pair) => {
      for (const server of result.servers) {
        const first = server === result.servers[0];
        rows.push([
          String(pair + 1),
          server.label,
          median(server.rounds.map((r) => r.p50)).toFixed(3),
          median(server.rounds.map((r) => r.p95)).toFixed(3),
          median(server.rounds.map((r) => r.p99)).toFixed(3),
          median(server.rounds.map((r) => r.cpuUsPerRequest)).toFixed(1),
          first ? median(result.ratios.p50).toFixed(3) : '',
          first ? median(result.ratios.cpu).toFixed(3) : '',
        ]);
      }
    });
    console.log(`\nMedians of each pair's ${rounds} round(s):`);
    console.log(table(rows));
    const show = (values: number[]) => values.map((v) => v.toFixed(3)).join(', ');
    const pairMedians = (pick: (r: PairResult) => number[]) => results.map((r) => median(pick(r)));
    const p50 = median(pairMedians((r) => r.ratios.p50));
    const p95 = median(pairMedians((r) => r.ratios.p95));
    const cpu = median(pairMedians((r) => r.ratios.cpu));
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const pass = p50 < TARGET_RATIO && failed === 0;
    console.log(`\nratio on/off, p50 latency: ${p50.toFixed(3)}  (median of the pairs: ${show(pairMedians((r) => r.ratios.p50))})   target < ${TARGET_RATIO}   ${verdict(pass)}`);
    console.log(`ratio on/off, p95 latency: ${p95.toFixed(3)}  (pairs: ${show(pairMedians((r) => r.ratios.p95))})`);
    console.log(`ratio on/off, server CPU per request: ${cpu.toFixed(3)}  (pairs: ${show(pairMedians((r) => r.ratios.cpu))})   the same without the client in it`);
    console.log(`after the runs, ${machineLoad()}`);
    if (failed > 0) console.log(`WARNING: ${failed} requests or scrapes failed; the figures above are not clean.`);

    const offP50Us = median(results.flatMap((r) => r.servers[1]!.rounds.map((round) => round.p50))) * 1000;
    const direct = await inProcessReport(offP50Us);
    await statementsBench();
    return {
      name: 'monitoring-overhead',
      pass,
      summary: `GET ${ROUTE} with monitoring on/off, ${pairs} pair(s) of processes: p50 ratio ${p50.toFixed(3)}, p95 ratio ${p95.toFixed(3)}, CPU ratio ${cpu.toFixed(3)}; target < ${TARGET_RATIO}: ${verdict(pass)}; in one process ${direct}`,
    };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(monitoringOverheadBench);
