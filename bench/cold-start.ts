/**
 * Cold start: the time from spawning `node dist/src/main.js` on an existing PGlite data
 * directory to the first GET /readyz that answers 200. The directory is created by a first
 * start (migrations, demo site), which is timed too but not judged. The reference measured
 * in the same run: a bare Fastify server started with `node -e`, to its first answer.
 * Lectern and the reference take turns.
 *
 *   npx tsx bench/cold-start.ts [--restarts=5]
 */
import path from 'node:path';
import { makeTempDir, removeTempDir, startWatchdog } from './lib/cleanup.js';
import { fmtMs, intOption, isEntryPoint, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';
import { disposeServer, ensureServerBuilt, startBareFastify, startLectern, type RunningServer } from './lib/servers.js';

/** The median restart must be ready within this many milliseconds. */
export const TARGET_MS = 3_000;
const READY_TIMEOUT_MS = 60_000;

export async function coldStartBench(): Promise<BenchOutcome> {
  const restarts = intOption('restarts', 5, 1, 20);
  ensureServerBuilt();
  const disarm = startWatchdog((restarts + 1) * 2 * (READY_TIMEOUT_MS + 20_000) + 60_000, 'cold-start benchmark');
  const tempDir = makeTempDir('cold-start');
  const dataDir = path.join(tempDir, 'data');
  console.log('== Cold start: spawn to first 200 from GET /readyz, on an existing PGlite data directory ==');
  // The server running at the moment, so that a failure does not leave it behind.
  let current: RunningServer | undefined;

  try {
    const first = await startLectern({ dataDir, logLevel: 'warn', name: 'lectern (first start)' }, READY_TIMEOUT_MS);
    current = first;
    const firstMs = first.readyAt - first.spawnedAt;
    await disposeServer(first);
    console.log(`first start (creates the database, runs the migrations, seeds the demo site): ${fmtMs(firstMs)}`);

    const lectern: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < restarts; i++) {
      const reference = await startBareFastify(`bare Fastify #${i + 1}`);
      current = reference;
      bare.push(reference.readyAt - reference.spawnedAt);
      await disposeServer(reference);

      const server = await startLectern({ dataDir, logLevel: 'warn', name: `lectern restart #${i + 1}` }, READY_TIMEOUT_MS);
      current = server;
      lectern.push(server.readyAt - server.spawnedAt);
      const exit = await server.child.stop();
      if (exit.code !== 0) console.log(`  note: restart #${i + 1} exited with ${exit.signal ?? `code ${exit.code}`} on SIGTERM`);
      console.log(`  #${i + 1}  lectern ${fmtMs(lectern[i]!)}   bare Fastify ${fmtMs(bare[i]!)}`);
    }

    const lecternMedian = median(lectern);
    const bareMedian = median(bare);
    console.log();
    console.log(
      table([
        ['', 'median', 'min', 'max'],
        ['Lectern: spawn -> /readyz 200', fmtMs(lecternMedian), fmtMs(Math.min(...lectern)), fmtMs(Math.max(...lectern))],
        ['bare Fastify (node -e): spawn -> first 200', fmtMs(bareMedian), fmtMs(Math.min(...bare)), fmtMs(Math.max(...bare))],
      ]),
    );
    const pass = lecternMedian < TARGET_MS;
    console.log(`\nLectern median ${fmtMs(lecternMedian)} (${(lecternMedian / bareMedian).toFixed(1)}x the bare server)   target < ${fmtMs(TARGET_MS)}   ${verdict(pass)}`);
    return {
      name: 'cold-start',
      pass,
      summary: `cold start median ${fmtMs(lecternMedian)} (bare Fastify ${fmtMs(bareMedian)}), target < ${fmtMs(TARGET_MS)}: ${verdict(pass)}`,
    };
  } finally {
    if (current) await current.child.stop();
    removeTempDir(tempDir);
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(coldStartBench);
