/**
 * Blob store: throughput of writing, reading and scrubbing blobs through the store as the server
 * runs it (the sealed codec, format version 2: AES-256-GCM per 64 KiB chunk with the tenant's data
 * key, chunks chained and the last one bound to the blob's SHA-256; two local
 * locations, write quorum 2, fsync; rows in the embedded database), against references measured
 * in the same run on the same disk:
 *
 * - write: the same bytes written to one local file and fsynced (what one durable copy costs);
 * - read: the same number of bytes read from one local file (no decryption, no hash);
 * - scrub: MB of blobs verified per second (each blob's every chunk verified at both locations),
 *   against the target of 150 MB/s.
 *
 * Rounds take turns (reference, store) and the median of --rounds is judged. The blobs for the
 * scrub are written first (--scrub-mb of them, default 2048 MB: run it with a small figure on
 * a shared machine, e.g. --scrub-mb=256).
 *
 *   npx tsx bench/blob-store.ts [--blob-mb=32] [--blobs=4] [--rounds=3] [--scrub-mb=2048]
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../src/config.js';
import { openMigratedDatabase } from '../src/platform/db/open.js';
import { openBlobStore } from '../src/platform/storage/open-blob-store.js';
import { scrubLocations } from '../src/platform/storage/scrubber.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { makeTempDir, startWatchdog } from './lib/cleanup.js';
import { intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

export const TARGET_WRITE_RATIO = 0.5;
export const TARGET_READ_RATIO = 0.6;
export const TARGET_SCRUB_MB_S = 150;

const MiB = 1024 * 1024;

/** A sink that only counts, as an HTTP response that the client drains at once. */
function countingSink(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  return {
    sink: new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
    bytes: () => bytes,
  };
}

function pieces(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 64 * 1024) out.push(bytes.subarray(at, at + 64 * 1024));
  return out;
}

/** CPU seconds (user + system) of this process per phase, to tell the work's cost from the machine's load. */
const cpuSeconds: Record<string, number[]> = {};

async function seconds(work: () => Promise<void>, phase?: string): Promise<number> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await work();
  const cpu = process.cpuUsage(cpuBefore);
  if (phase) (cpuSeconds[phase] ??= []).push((cpu.user + cpu.system) / 1e6);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export async function blobStoreBench(): Promise<BenchOutcome> {
  const blobMb = intOption('blob-mb', 32, 1, 512);
  const count = intOption('blobs', 4, 1, 64);
  const rounds = intOption('rounds', 3, 1, 10);
  const scrubMb = intOption('scrub-mb', 2048, 16, 16384);
  const disarm = startWatchdog(30 * 60_000, 'blob-store');
  const dir = makeTempDir('blob-store');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: path.join(dir, 'data'),
    LECTERN_STORAGE: `local:${dir}/a,local:${dir}/b`,
    LECTERN_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
    LOG_LEVEL: 'silent',
  });
  const db = await openMigratedDatabase(config);
  const store = await openBlobStore({ db, config });
  try {
    console.log(machineLoad());
    console.log(`${count} blobs of ${blobMb} MB per round, ${rounds} rounds; locations ${config.storage.locations.map((l) => l.name).join(', ')}, quorum ${config.storage.writeQuorum}`);
    const tenantId = (await createTenant(db, { slug: 'bench', name: 'Bench' })).id;
    const totalMb = blobMb * count;
    const writeRef: number[] = [];
    const writeStore: number[] = [];
    const readRef: number[] = [];
    const readStore: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const blobs = Array.from({ length: count }, () => randomBytes(blobMb * MiB));
      const files: string[] = [];
      // Reference write: one file per blob, written and fsynced.
      writeRef.push(
        totalMb /
          (await seconds(async () => {
            for (const [i, blob] of blobs.entries()) {
              const file = path.join(dir, `reference-${round}-${i}`);
              files.push(file);
              await pipeline(Readable.from(pieces(blob)), createWriteStream(file));
              const handle = await open(file, 'r');
              await handle.sync();
              await handle.close();
            }
          }, 'write-reference')),
      );
      const hashes: string[] = [];
      writeStore.push(
        totalMb /
          (await seconds(async () => {
            for (const blob of blobs) hashes.push((await store.put(tenantId, Readable.from(pieces(blob)))).hash);
          }, 'write-store')),
      );
      readRef.push(
        totalMb /
          (await seconds(async () => {
            for (const file of files) {
              const { sink } = countingSink();
              await pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), sink);
            }
          }, 'read-reference')),
      );
      readStore.push(
        totalMb /
          (await seconds(async () => {
            for (const hash of hashes) {
              const { sink, bytes } = countingSink();
              await pipeline(await store.get(tenantId, hash), sink);
              if (bytes() !== blobMb * MiB) throw new Error('a read returned the wrong number of bytes');
            }
          }, 'read-store')),
      );
      for (const file of files) await rm(file, { force: true });
      for (const hash of hashes) await store.deleteBlob(tenantId, hash);
    }

    // Scrub: fill the locations with --scrub-mb of blobs, then verify them all.
    const scrubBlobMb = Math.min(64, scrubMb);
    const scrubBlobs = Math.ceil(scrubMb / scrubBlobMb);
    const seed = randomBytes(scrubBlobMb * MiB);
    for (let i = 0; i < scrubBlobs; i++) {
      seed.writeUInt32LE(i, 0); // a different blob each time, without making new random bytes
      await store.put(tenantId, Readable.from(pieces(seed)));
    }
    let verifiedBytes = 0;
    const scrubSeconds = await seconds(async () => {
      const report = await scrubLocations(store, { db });
      verifiedBytes = report.verifiedBytes;
      const bad = report.locations.filter((l) => !l.reachable || l.missing + l.damaged + l.unrepairable > 0);
      if (bad.length > 0) throw new Error(`the scrub found problems: ${JSON.stringify(bad)}`);
    }, 'scrub');
    const scrubBlobMbS = (scrubBlobs * scrubBlobMb) / scrubSeconds;
    const scrubCopyMbS = verifiedBytes / MiB / scrubSeconds;

    const writeRatio = median(writeStore) / median(writeRef);
    const readRatio = median(readStore) / median(readRef);
    console.log(
      table([
        ['', 'MB/s (median)', 'range', 'ratio'],
        ['reference: write one local file + fsync', median(writeRef).toFixed(0), `${Math.min(...writeRef).toFixed(0)}-${Math.max(...writeRef).toFixed(0)}`, '1.00'],
        ['store.put: hash + seal, 2 local copies + fsync, row', median(writeStore).toFixed(0), `${Math.min(...writeStore).toFixed(0)}-${Math.max(...writeStore).toFixed(0)}`, writeRatio.toFixed(2)],
        ['reference: read one local file', median(readRef).toFixed(0), `${Math.min(...readRef).toFixed(0)}-${Math.max(...readRef).toFixed(0)}`, '1.00'],
        ['store.get: open (verify chain + decrypt)', median(readStore).toFixed(0), `${Math.min(...readStore).toFixed(0)}-${Math.max(...readStore).toFixed(0)}`, readRatio.toFixed(2)],
        [`scrub: ${scrubBlobs * scrubBlobMb} MB of blobs, both copies verified`, scrubBlobMbS.toFixed(0), `(${scrubCopyMbS.toFixed(0)} MB/s of copies)`, ''],
      ]),
    );
    const perCpu = (phase: string, mb: number) => (mb / median(cpuSeconds[phase] ?? [Number.NaN])).toFixed(0);
    console.log(
      `MB per CPU second of this process (what the work costs, apart from the load of the machine): write reference ${perCpu('write-reference', totalMb)}, store.put ${perCpu('write-store', totalMb)}; read reference ${perCpu('read-reference', totalMb)}, store.get ${perCpu('read-store', totalMb)}; scrub ${perCpu('scrub', scrubBlobs * scrubBlobMb)} MB of blobs`,
    );
    const pass = writeRatio >= TARGET_WRITE_RATIO && readRatio >= TARGET_READ_RATIO && scrubBlobMbS >= TARGET_SCRUB_MB_S;
    console.log(
      `Targets: write >= ${TARGET_WRITE_RATIO} (${writeRatio.toFixed(2)}), read >= ${TARGET_READ_RATIO} (${readRatio.toFixed(2)}), scrub >= ${TARGET_SCRUB_MB_S} MB/s (${scrubBlobMbS.toFixed(0)}) -> ${verdict(pass)}`,
    );
    return {
      name: 'blob-store',
      pass,
      summary: `blob-store: write ${writeRatio.toFixed(2)} of one fsynced file, read ${readRatio.toFixed(2)} of one file, scrub ${scrubBlobMbS.toFixed(0)} MB/s of blobs (targets ${TARGET_WRITE_RATIO}, ${TARGET_READ_RATIO}, ${TARGET_SCRUB_MB_S}) ${verdict(pass)}`,
    };
  } finally {
    await store.close();
    await db.close();
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(blobStoreBench);
