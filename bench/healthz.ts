/**
 * Throughput of GET /healthz on the real server against the ceiling measured in the same
 * run: a bare Fastify route answering the same JSON. Both run in child processes on
 * 127.0.0.1; autocannon in this process is the load generator. The servers take turns, a
 * few rounds, and the medians are compared, because a shared machine is noisy.
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

interface Subject {
  key: 'bare' | 'warn' | 'info';
  label: string;
  server: RunningServer;
  path: string;
  runs: LoadResult[];
}

export async function healthzBench(): Promise<BenchOutcome> {
  const durationSec = intOption('duration', 10, 1, 60);
  const rounds = intOption('rounds', 3, 1, 7);
  const connections = intOption('connections', 50, 1, 1000);
  const pipelining = intOption('pipelining', 1, 1, 16);
  const warmupSec = intOption('warmup', 3, 0, 30);
  ensureServerBuilt();

  const subjectCount = 3;
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
    const bare = await startBareFastify();
    servers.push(bare);
    // Production settings; the log goes to /dev/null so that this process does not read it.
    const warn = await startLectern({ logLevel: 'warn', stdout: 'ignore', name: 'lectern (LOG_LEVEL=warn)' });
    servers.push(warn);
    const info = await startLectern({ logLevel: 'info', stdout: 'ignore', name: 'lectern (LOG_LEVEL=info)' });
    servers.push(info);

    await expectStatus({ port: bare.port, path: '/' }, 200);
    await expectStatus({ port: warn.port, path: '/healthz' }, 200);
    await expectStatus({ port: info.port, path: '/healthz' }, 200);

    const subjects: Subject[] = [
      { key: 'bare', label: 'bare Fastify  GET /', server: bare, path: '/', runs: [] },
      { key: 'warn', label: 'Lectern  GET /healthz  LOG_LEVEL=warn', server: warn, path: '/healthz', runs: [] },
      { key: 'info', label: 'Lectern  GET /healthz  LOG_LEVEL=info', server: info, path: '/healthz', runs: [] },
    ];
    const load = (subject: Subject, seconds: number) =>
      runLoad({ port: subject.server.port, path: subject.path, durationSec: seconds, connections, pipelining, serverPid: subject.server.pid });

    if (warmupSec > 0) {
      for (const subject of subjects) await load(subject, warmupSec);
    }

    const ratios: Record<'warn' | 'info', number[]> = { warn: [], info: [] };
    for (let round = 0; round < rounds; round++) {
      // Rotate who goes first, so that a slow phase of the machine does not always hit the same server.
      const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]!);
      const perRound = new Map<Subject['key'], LoadResult>();
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
      ratios.warn.push(perRound.get('warn')!.requestsPerSec / bareRps);
      ratios.info.push(perRound.get('info')!.requestsPerSec / bareRps);
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

    const ratioWarn = median(ratios.warn);
    const ratioInfo = median(ratios.info);
    const pass = ratioWarn >= TARGET_RATIO;
    const cpu = (key: Subject['key']) => median(subjects.find((s) => s.key === key)!.runs.map((r) => r.serverCpuUsPerRequest ?? Number.NaN));
    console.log(
      `\nratio lectern/bare, LOG_LEVEL=warn: ${ratioWarn.toFixed(2)}  (per round: ${ratios.warn.map((r) => r.toFixed(2)).join(', ')})` +
        `   target >= ${TARGET_RATIO.toFixed(2)}   ${verdict(pass)}`,
    );
    console.log(
      `ratio lectern/bare, LOG_LEVEL=info: ${ratioInfo.toFixed(2)}  (per round: ${ratios.info.map((r) => r.toFixed(2)).join(', ')})` +
        '   reference: the default log level, one JSON line per request and per answer',
    );
    console.log(
      `server CPU per request, bare/lectern: warn ${(cpu('bare') / cpu('warn')).toFixed(2)}, info ${(cpu('bare') / cpu('info')).toFixed(2)}` +
        '   (the same comparison without the load generator in it)',
    );
    console.log(`after the runs, ${machineLoad()}`);
    const failed = subjects.flatMap((s) => s.runs).reduce((n, r) => n + failureCount(r), 0);
    if (failed > 0) console.log(`WARNING: ${failed} requests failed during the runs; the figures above are not clean.`);

    return {
      name: 'healthz',
      pass: pass && failed === 0,
      summary:
        `GET /healthz ${fmtInt(median(subjects[1]!.runs.map((r) => r.requestsPerSec)))} req/s vs bare ` +
        `${fmtInt(median(subjects[0]!.runs.map((r) => r.requestsPerSec)))} req/s, ratio ${ratioWarn.toFixed(2)} ` +
        `(LOG_LEVEL=warn; info ${ratioInfo.toFixed(2)}), target >= ${TARGET_RATIO}: ${verdict(pass && failed === 0)}`,
    };
  } finally {
    for (const server of servers.reverse()) await disposeServer(server);
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(healthzBench);
