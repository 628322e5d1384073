/**
 * Where the time of GET /healthz goes: the server is assembled from the parts of buildApp()
 * (bench/lib/variant-server.ts) with one part removed ("all minus X") or with one part
 * only ("bare plus X"), and each variant is loaded like in healthz.ts. The figure to read
 * is the server's CPU time per request, which the load generator sharing the machine does
 * not distort as much as requests per second. A diagnostic, not part of run-all.
 *
 *   npx tsx bench/healthz-breakdown.ts [--duration=5] [--rounds=3] [--connections=50] [--mode=both|minus|plus|key]
 */
import path from 'node:path';
import { startWatchdog } from './lib/cleanup.js';
import { expectStatus, freePort, LOOPBACK, waitUntilAnswering } from './lib/http.js';
import { runLoad, failureCount, type LoadResult } from './lib/load.js';
import { Child } from './lib/process.js';
import { fmtInt, intOption, isEntryPoint, machineLoad, median, runAsScript, table, type BenchOutcome } from './lib/report.js';
import { projectRoot } from './lib/servers.js';
import { FEATURES, variantServerScript, type Feature } from './lib/variant-features.js';

interface Variant {
  label: string;
  /** VARIANT for the server: 'app' or a comma-separated feature list. */
  spec: string;
  logLevel: 'warn' | 'info';
  child?: Child;
  port?: number;
  runs: LoadResult[];
}

/** both: all-minus-X and bare-plus-X for every part; minus or plus: one of them; key: neither. */
function modeOption(): 'both' | 'minus' | 'plus' | 'key' {
  const flag = process.argv.find((arg) => arg.startsWith('--mode='))?.slice(7) ?? process.env.BENCH_MODE ?? 'both';
  if (flag !== 'both' && flag !== 'minus' && flag !== 'plus' && flag !== 'key') throw new Error(`--mode=${flag}: expected both, minus, plus or key`);
  return flag;
}

async function startVariant(variant: Variant): Promise<void> {
  const port = await freePort();
  const child = new Child({
    name: `variant ${variant.label}`,
    command: process.execPath,
    args: ['--import', 'tsx', path.join(projectRoot, variantServerScript)],
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, VARIANT: variant.spec, PORT: String(port), LOG_LEVEL: variant.logLevel },
    stdout: 'ignore',
  });
  variant.child = child;
  variant.port = port;
  await waitUntilAnswering(child, port, '/healthz', { timeoutMs: 60_000 });
  await expectStatus({ port, path: '/healthz' }, 200);
}

export async function healthzBreakdown(): Promise<BenchOutcome> {
  const durationSec = intOption('duration', 5, 1, 30);
  const rounds = intOption('rounds', 3, 1, 7);
  const connections = intOption('connections', 50, 1, 1000);
  const warmupSec = intOption('warmup', 2, 0, 10);
  const mode = modeOption();

  const alternatives: Feature[] = ['static-headers'];
  const all = (Object.keys(FEATURES) as Feature[]).filter((f) => !alternatives.includes(f));
  const withStaticHeaders = [...all.filter((f) => f !== 'helmet'), 'static-headers'].join(',');
  const variants: Variant[] = [
    { label: 'bare (plain Fastify, async /healthz)', spec: '', logLevel: 'warn', runs: [] },
    { label: 'all parts, LOG_LEVEL=warn', spec: all.join(','), logLevel: 'warn', runs: [] },
    { label: 'buildApp() itself, LOG_LEVEL=warn', spec: 'app', logLevel: 'warn', runs: [] },
    { label: 'all parts, LOG_LEVEL=info', spec: all.join(','), logLevel: 'info', runs: [] },
    { label: 'all, helmet -> static-headers', spec: withStaticHeaders, logLevel: 'warn', runs: [] },
    { label: 'bare plus static-headers', spec: 'static-headers', logLevel: 'warn', runs: [] },
  ];
  if (mode === 'key') {
    for (const f of ['helmet', 'zod', 'logger'] as Feature[]) {
      variants.push({ label: `all minus ${f}`, spec: all.filter((x) => x !== f).join(','), logLevel: 'warn', runs: [] });
    }
  }
  if (mode === 'both' || mode === 'minus') {
    for (const f of all) variants.push({ label: `all minus ${f}`, spec: all.filter((x) => x !== f).join(','), logLevel: 'warn', runs: [] });
  }
  if (mode === 'both' || mode === 'plus') {
    for (const f of all) variants.push({ label: `bare plus ${f}`, spec: f, logLevel: 'warn', runs: [] });
  }

  const budgetMs = (variants.length * (warmupSec + rounds * (durationSec + 2) + 5) + 180) * 1000;
  const disarm = startWatchdog(budgetMs, 'healthz breakdown');
  console.log('== GET /healthz: cost of each part of the application ==');
  console.log(
    `${variants.length} variants, ${rounds} round(s) of ${durationSec} s, ${connections} connections, against ${LOOPBACK}; ` +
      `about ${Math.ceil((variants.length * (warmupSec + rounds * durationSec)) / 60)} min.`,
  );
  console.log(machineLoad());
  try {
    for (const variant of variants) await startVariant(variant);
    const load = (variant: Variant, seconds: number) =>
      runLoad({ port: variant.port!, path: '/healthz', durationSec: seconds, connections, pipelining: 1, serverPid: variant.child!.pid });
    if (warmupSec > 0) for (const variant of variants) await load(variant, warmupSec);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const result = await load(variant, durationSec);
        variant.runs.push(result);
        process.stdout.write('.');
        if (failureCount(result) > 0) console.log(`\n!! ${variant.label}: ${failureCount(result)} failed requests`);
      }
    }
    console.log('\n');

    // The least disturbed run is the best estimate of what a part costs on an otherwise idle machine.
    const cpu = (v: Variant) => Math.min(...v.runs.map((r) => r.serverCpuUsPerRequest ?? Number.NaN));
    const cpuMedian = (v: Variant) => median(v.runs.map((r) => r.serverCpuUsPerRequest ?? Number.NaN));
    const rps = (v: Variant) => median(v.runs.map((r) => r.requestsPerSec));
    const bare = variants[0]!;
    const full = variants[1]!;
    const rows = [['variant', 'req/s (median)', 'CPU µs/req (median)', 'CPU µs/req (min)', 'min vs bare', 'min vs all parts']];
    for (const v of variants) {
      const delta = (base: Variant) => `${cpu(v) - cpu(base) >= 0 ? '+' : ''}${(cpu(v) - cpu(base)).toFixed(1)}`;
      rows.push([v.label, fmtInt(rps(v)), cpuMedian(v).toFixed(1), cpu(v).toFixed(1), delta(bare), delta(full)]);
    }
    console.log(table(rows));
    console.log(
      '\nRead "all minus X" as: X costs (all parts − all minus X) µs per request; "bare plus X" as: X alone costs ' +
        '(bare plus X − bare). The two differ where parts interact (e.g. the logger makes every hook log-aware).',
    );
    return { name: 'healthz-breakdown', pass: true, summary: `bare ${cpu(bare).toFixed(1)} µs/req, all parts ${cpu(full).toFixed(1)} µs/req` };
  } finally {
    for (const variant of variants) await variant.child?.stop();
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(healthzBreakdown);
