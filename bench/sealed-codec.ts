/**
 * Sealed codec: throughput of sealing (SHA-256 of the plain bytes and AES-256-GCM per 64 KiB chunk, in
 * one pass, as the store writes) and of opening (verify +
 * decrypt) a blob held in memory, against the reference measured in the same run: the same
 * bytes copied piece by piece through a Transform stream, i.e. what a stream stage costs that
 * makes new bytes but does no other work.
 * No disk and no database: the data key is in hand, as it is on a cache hit.
 *
 * The bytes arrive in pieces of --piece-kb (64, what a file read stream gives); rounds take
 * turns (copy, seal, open) and the median of --rounds is judged.
 *
 * Both wall-clock and CPU time (user + system of this process) are measured; the verdict reads
 * CPU time, because on a shared machine the wall clock mostly measures the other processes.
 *
 * Target: sealing reaches 0.8 of the ceiling measured in the same run: the same bytes hashed
 * (SHA-256) and encrypted (AES-256-GCM, a fresh nonce per 64 KiB chunk) with node:crypto directly,
 * with no format around them. The ratios to the copy are printed beside it.
 *
 *   npx tsx bench/sealed-codec.ts [--size-mb=256] [--rounds=5] [--piece-kb=64]
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createOpener, createSealer, wholeRange } from '../src/platform/storage/sealed-format.js';
import { startWatchdog } from './lib/cleanup.js';
import { intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

/** Sealing must reach this share of the raw hash-and-encrypt ceiling (CPU time). */
export const TARGET_SEAL_RATIO = 0.8;

const MiB = 1024 * 1024;

function pieces(bytes: Buffer, pieceSize: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += pieceSize) out.push(bytes.subarray(at, at + pieceSize));
  return out;
}

interface Timing {
  /** Wall-clock time. */
  ms: number;
  /** CPU time of this process (user + system): what the work costs, whoever else wants the cores. */
  cpuMs: number;
  output: Buffer[];
}

/** Time to run `input` through `stage` into a sink that only counts (and keeps the output when `keep`). */
async function timeThrough(input: Buffer[], stage: Transform, keep = false): Promise<Timing> {
  const output: Buffer[] = [];
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  // A writable sink, as a file or an HTTP response is: it takes each piece as it is pushed.
  const sink = new Writable({
    write(piece: Buffer, _encoding, done) {
      bytes += piece.length;
      if (keep) output.push(piece);
      done();
    },
  });
  await pipeline(Readable.from(input), stage, sink);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  if (bytes === 0) throw new Error('no bytes came through');
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, output };
}

/** The reference stage: each piece copied into a new buffer, the least a stage that makes new bytes does. */
function copyingStage(): Transform {
  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      done(null, Buffer.from(piece));
    },
  });
}

/** The ceiling: what sealing must at least do, SHA-256 of every byte and AES-256-GCM per 64 KiB chunk, and nothing else. */
function rawCryptoStage(key: Buffer): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      hash.update(piece);
      const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
      done(null, Buffer.concat([cipher.update(piece), cipher.final(), cipher.getAuthTag()]));
    },
    flush(done) {
      done(null, hash.digest());
    },
  });
}

function hasAesInstructions(): string {
  try {
    return /\baes\b/.test(readFileSync('/proc/cpuinfo', 'utf8')) ? 'yes' : 'no';
  } catch {
    return 'unknown';
  }
}

export async function sealedCodecBench(): Promise<BenchOutcome> {
  const sizeMb = intOption('size-mb', 256, 16, 1024);
  const rounds = intOption('rounds', 5, 1, 20);
  const pieceKb = intOption('piece-kb', 64, 1, 4096);
  const disarm = startWatchdog(10 * 60_000, 'sealed-codec');
  try {
    console.log(machineLoad());
    console.log(`AES instructions: ${hasAesInstructions()}; ${sizeMb} MB in ${pieceKb} KiB pieces; ${rounds} rounds`);
    const plain = randomBytes(sizeMb * MiB);
    const plainPieces = pieces(plain, pieceKb * 1024);
    const key = randomBytes(32);
    const tenantId = randomUUID();

    // Warm-up (and the sealed bytes the open rounds read, re-cut into pieces of the same size).
    const warm = await timeThrough(plainPieces, createSealer(key, tenantId), true);
    const sealedPieces = pieces(Buffer.concat(warm.output), pieceKb * 1024);
    const blob = { size: plain.length, hash: createHash('sha256').update(plain).digest() };
    const check = await timeThrough(sealedPieces, createOpener(key, tenantId, wholeRange(plain.length), blob), true);
    if (!Buffer.concat(check.output).equals(plain)) throw new Error('the opened bytes differ from the sealed ones');

    const kinds = ['copy', 'raw', 'seal', 'open'] as const;
    const wall: Record<(typeof kinds)[number], number[]> = { copy: [], raw: [], seal: [], open: [] };
    const cpu: Record<(typeof kinds)[number], number[]> = { copy: [], raw: [], seal: [], open: [] };
    const stageOf = {
      copy: () => timeThrough(plainPieces, copyingStage()),
      raw: () => timeThrough(plainPieces, rawCryptoStage(key)),
      seal: () => timeThrough(plainPieces, createSealer(key, tenantId)),
      open: () => timeThrough(sealedPieces, createOpener(key, tenantId, wholeRange(plain.length), blob)),
    };
    const mbPerS = (ms: number) => sizeMb / (ms / 1000);
    for (let round = 0; round < rounds; round++) {
      for (const kind of kinds) {
        const timing = await stageOf[kind]();
        wall[kind].push(mbPerS(timing.ms));
        cpu[kind].push(mbPerS(timing.cpuMs));
      }
    }
    const row = (label: string, kind: (typeof kinds)[number]) => [
      label,
      median(wall[kind]).toFixed(0),
      median(cpu[kind]).toFixed(0),
      `${Math.min(...cpu[kind]).toFixed(0)}-${Math.max(...cpu[kind]).toFixed(0)}`,
      (median(cpu[kind]) / median(cpu.copy)).toFixed(2),
    ];
    console.log(
      table([
        ['', 'MB/s wall (median)', 'MB/s per CPU second (median)', 'range', 'ratio to copy (CPU)'],
        row('reference: copy of each piece through a Transform', 'copy'),
        row('ceiling: SHA-256 + AES-256-GCM per piece, node:crypto only', 'raw'),
        row('seal (SHA-256 + AES-256-GCM, 64 KiB chunks)', 'seal'),
        row('open (verify + decrypt, whole blob)', 'open'),
      ]),
    );
    // Judged on CPU time: on a shared machine wall time mostly measures the other processes.
    const sealMb = median(cpu.seal);
    const openMb = median(cpu.open);
    const sealRatio = sealMb / median(cpu.raw);
    const pass = sealRatio >= TARGET_SEAL_RATIO;
    console.log(`Target: sealing >= ${TARGET_SEAL_RATIO} of the raw hash-and-encrypt ceiling (CPU) -> ${sealRatio.toFixed(2)} ${verdict(pass)}`);
    return {
      name: 'sealed-codec',
      pass,
      summary: `sealed-codec: seal ${sealMb.toFixed(0)} MB/s, open ${openMb.toFixed(0)} MB/s per CPU second, ${(sealMb / median(cpu.copy)).toFixed(2)} and ${(openMb / median(cpu.copy)).toFixed(2)} of a stream copy; seal ${sealRatio.toFixed(2)} of the raw ceiling (target >= ${TARGET_SEAL_RATIO}) ${verdict(pass)}`,
    };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(sealedCodecBench);
