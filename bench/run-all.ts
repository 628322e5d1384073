/**
 * Runs the benchmarks one after the other (`npm run bench`) and ends with a summary.
 * Options are passed on: `npm run bench -- --duration=5 --restarts=3 --idle=5`.
 * Exit code 0 when every target is met, 1 when one is missed, 2 when one could not measure.
 */
import { cleanUpNow } from './lib/cleanup.js';
import type { BenchOutcome } from './lib/report.js';
import { ensureServerBuilt } from './lib/servers.js';
import { coldStartBench } from './cold-start.js';
import { healthzBench } from './healthz.js';
import { idleMemoryBench } from './idle-memory.js';

const benches: [string, () => Promise<BenchOutcome>][] = [
  ['healthz', healthzBench],
  ['cold-start', coldStartBench],
  ['idle-memory', idleMemoryBench],
];

async function main(): Promise<number> {
  ensureServerBuilt();
  console.log(`Lectern benchmarks on Node ${process.version}; the machine's other load moves every figure, see bench/README.md.\n`);
  const lines: string[] = [];
  let exitCode = 0;
  for (const [name, bench] of benches) {
    const started = performance.now();
    try {
      const outcome = await bench();
      lines.push(`  ${outcome.summary}`);
      if (!outcome.pass) exitCode = Math.max(exitCode, 1);
    } catch (error) {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      lines.push(`  ${name}: could not measure (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      exitCode = 2;
    }
    console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  console.log(`Summary:\n${lines.join('\n')}`);
  return exitCode;
}

main()
  .then((code) => {
    cleanUpNow();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error);
    cleanUpNow();
    process.exit(2);
  });
