/**
 * Throughput of GET /healthz on the real server against the ceiling measured in the same
 * run: a bare Fastify route answering the same JSON. Both run in child processes on
 * 127.0.0.1; autocannon in this process is the load generator. The servers take turns, a
 * few rounds, and the medians are compared, because a shared machine is noisy.
 * Also measured, as references: Lectern at the default LOG_LEVEL=info, and the bare route
 * sending the same response headers as Lectern (security headers, request id), which shows
 * how much of the gap is the headers themselves rather than the work of producing them.
 *
 *   npx tsx bench/healthz.ts [--duration=10] [--rounds=3] [--connections=50] [--pipelining=1] [--warmup=3]
 */
import { startWatchdog } from './lib/cleanup.js';
import { expectStatus } from './lib/http.js';
import { failureCount, runLoad, type LoadResult } from './lib/load.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';
import { disposeServer, ensureServerBuilt, startBareFastify, startLectern, type RunningServer } from './lib/servers.js';

/** Lectern's /healthz must reach this share of the bare Fastify route's requests per second. */
export const TARGET_RATIO = 0.7;

type SubjectKey = 'bare' | 'headers' | 'warn' | 'info';

interface Subject {
  key: SubjectKey;
  label: string;
  server: RunningServer;
  path: string;
  runs: LoadResult[];
}

/** Headers Node and Fastify add to every answer; the rest of an answer's headers are Lectern's own. */
const FRAMEWORK_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

export async function healthzBench(): Promise<BenchOutcome> {
  const durationSec = intOption('duration', 10, 1, 60);
  const rounds = intOption('rounds', 3, 1, 7);
  const connections = intOption('connections', 50, 1, 1000);
  const pipelining = intOption('pipelining', 1, 1, 16);
  const warmupSec = intOption('warmup', 3, 0, 30);
  ensureServerBuilt();

  const subjectCount = 4;
  const budgetMs = (subjectCount * (warmupSec + rounds * (durationSec + 3)) + 180) * 1000;
  const disarm = startWatchdog(budgetMs, 'healthz benchmark');

  console.log('== GET /healthz throughput: Lectern vs bare Fastify ==');
  console.log(
    `${rounds} round(s) of ${durationSec} s per server, ${connections} connections, pipelining ${pipelining}, ` +
      `${warmupSec} s warm-up each; servers in child processes on 127.0.0.1, autocannon in this process.`,
  );
  console.log(machineLoad());

  const servers: (RunningServer & { tempDir?: string })[] = [];
  try {
    // Production settings; the log goes to /dev/null so that this process does not read it.
    const warn = await startLectern({ logLevel: 'warn', stdout: 'ignore', name: 'lectern (LOG_LEVEL=warn)' });
    servers.push(warn);
    const info = await startLectern({ logLevel: 'info', stdout: 'ignore', name: 'lectern (LOG_LEVEL=info)' });
    servers.push(info);
    const bare = await startBareFastify();
    servers.push(bare);
    const answer = await expectStatus({ port: warn.port, path: '/healthz' }, 200);
    const lecternHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!FRAMEWORK_HEADERS.has(name) && typeof value === 'string') lecternHeaders[name] = value;
    }
    const withHeaders = await startBareFastify('bare Fastify with headers', undefined, lecternHeaders);
    servers.push(withHeaders);

    await expectStatus({ port: info.port, path: '/healthz' }, 200);
    await expectStatus({ port: bare.port, path: '/' }, 200);
    await expectStatus({ port: withHeaders.port, path: '/' }, 200);

    const subjects: Subject[] = [
      { key: 'bare', label: 'bare Fastify  GET /', server: bare, path: '/', runs: [] },
      { key: 'headers', label: "bare Fastify + Lectern's headers", server: withHeaders, path: '/', runs: [] },
      { key: 'warn', label: 'Lectern  GET /healthz  LOG_LEVEL=warn', server: warn, path: '/healthz', runs: [] },
      { key: 'info', label: 'Lectern  GET /healthz  LOG_LEVEL=info', server: info, path: '/healthz', runs: [] },
    ];
    const load = (subject: Subject, seconds: number) =>
      runLoad({ port: subject.server.port, path: subject.path, durationSec: seconds, connections, pipelining, serverPid: subject.server.pid });

    if (warmupSec > 0) {
      for (const subject of subjects) await load(subject, warmupSec);
    }

    const ratios: Record<Exclude<SubjectKey, 'bare'>, number[]> = { headers: [], warn: [], info: [] };
    for (let round = 0; round < rounds; round++) {
      // Rotate who goes first, so that a slow phase of the machine does not always hit the same server.
      const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]!);
      const perRound = new Map<SubjectKey, LoadResult>();
      for (const subject of order) {
        const result = await load(subject, durationSec);
        subject.runs.push(result);
        perRound.set(subject.key, result);
        const failures = failureCount(result);
        console.log(
          `  round ${round + 1}  ${subject.label.padEnd(38)} ${fmtInt(result.requestsPerSec).padStart(7)} req/s   ` +
            `p99 ${fmtMs(result.latencyMs.p99)}   server CPU ${(100 * (result.serverCpuShare ?? Number.NaN)).toFixed(0)}% ` +
            `of a core, ${(result.serverCpuUsPerRequest ?? Number.NaN).toFixed(1)} µs/request` +
            (failures > 0 ? `   !! ${failures} failed requests` : ''),
        );
      }
      const bareRps = perRound.get('bare')!.requestsPerSec;
      for (const key of ['headers', 'warn', 'info'] as const) ratios[key].push(perRound.get(key)!.requestsPerSec / bareRps);
    }

    const rows = [['', 'req/s', 'p50', 'p99', 'server CPU µs/req']];
    for (const subject of subjects) {
      rows.push([
        subject.label,
        fmtInt(median(subject.runs.map((r) => r.requestsPerSec))),
        fmtMs(median(subject.runs.map((r) => r.latencyMs.p50))),
        fmtMs(median(subject.runs.map((r) => r.latencyMs.p99))),
        median(subject.runs.map((r) => r.serverCpuUsPerRequest ?? Number.NaN)).toFixed(1),
      ]);
    }
    console.log(`\nMedians of ${rounds} round(s):`);
    console.log(table(rows));

    const ratio = (key: Exclude<SubjectKey, 'bare'>) => median(ratios[key]);
    const perRoundText = (key: Exclude<SubjectKey, 'bare'>) => ratios[key].map((r) => r.toFixed(2)).join(', ');
    const pass = ratio('warn') >= TARGET_RATIO;
    const cpu = (key: SubjectKey) => median(subjects.find((s) => s.key === key)!.runs.map((r) => r.serverCpuUsPerRequest ?? Number.NaN));
    console.log(
      `\nratio lectern/bare, LOG_LEVEL=warn: ${ratio('warn').toFixed(2)}  (per round: ${perRoundText('warn')})` +
        `   target >= ${TARGET_RATIO.toFixed(2)}   ${verdict(pass)}`,
    );
    console.log(
      `ratio lectern/bare, LOG_LEVEL=info: ${ratio('info').toFixed(2)}  (per round: ${perRoundText('info')})` +
        '   reference: the default log level (probes write no request lines; the server still runs at info)',
    );
    console.log(
      `ratio bare with Lectern's ${Object.keys(lecternHeaders).length} headers/bare: ${ratio('headers').toFixed(2)}  (per round: ${perRoundText('headers')})` +
        '   reference: what sending these headers at all costs here',
    );
    console.log(
      `server CPU per request, bare/lectern: warn ${(cpu('bare') / cpu('warn')).toFixed(2)}, info ${(cpu('bare') / cpu('info')).toFixed(2)}` +
        '   (the same comparison without the load generator in it)',
    );
    console.log(`after the runs, ${machineLoad()}`);
    const failed = subjects.flatMap((s) => s.runs).reduce((n, r) => n + failureCount(r), 0);
    if (failed > 0) console.log(`WARNING: ${failed} requests failed during the runs; the figures above are not clean.`);

    const rps = (key: SubjectKey) => median(subjects.find((s) => s.key === key)!.runs.map((r) => r.requestsPerSec));
    return {
      name: 'healthz',
      pass: pass && failed === 0,
      summary:
        `GET /healthz ${fmtInt(rps('warn'))} req/s vs bare ${fmtInt(rps('bare'))} req/s, ratio ${ratio('warn').toFixed(2)} ` +
        `(LOG_LEVEL=warn; info ${ratio('info').toFixed(2)}), target >= ${TARGET_RATIO}: ${verdict(pass && failed === 0)}`,
    };
  } finally {
    for (const server of servers.reverse()) await disposeServer(server);
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(healthzBench);
