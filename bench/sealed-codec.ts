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
 * Target: sealing >= 1000 MB per CPU second (a core with AES-NI); the ratios to the copy are
 * printed beside it.
 *
 *   npx tsx bench/sealed-codec.ts [--size-mb=256] [--rounds=5] [--piece-kb=64]
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createOpener, createSealer, wholeRange } from '../src/platform/storage/sealed-format.js';
import { startWatchdog } from './lib/cleanup.js';
import { intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

/** Sealing must reach this many MB/s (MiB/s). */
export const TARGET_SEAL_MB_S = 1000;

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

    const kinds = ['copy', 'seal', 'open'] as const;
    const wall: Record<(typeof kinds)[number], number[]> = { copy: [], seal: [], open: [] };
    const cpu: Record<(typeof kinds)[number], number[]> = { copy: [], seal: [], open: [] };
    const stageOf = {
      copy: () => timeThrough(plainPieces, copyingStage()),
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
        row('seal (SHA-256 + AES-256-GCM, 64 KiB chunks)', 'seal'),
        row('open (verify + decrypt, whole blob)', 'open'),
      ]),
    );
    // Judged on CPU time: on a shared machine wall time mostly measures the other processes.
    const sealMb = median(cpu.seal);
    const openMb = median(cpu.open);
    const pass = sealMb >= TARGET_SEAL_MB_S;
    console.log(`Target: sealing >= ${TARGET_SEAL_MB_S} MB per CPU second -> ${verdict(pass)}`);
    return {
      name: 'sealed-codec',
      pass,
      summary: `sealed-codec: seal ${sealMb.toFixed(0)} MB/s, open ${openMb.toFixed(0)} MB/s per CPU second, ${(sealMb / median(cpu.copy)).toFixed(2)} and ${(openMb / median(cpu.copy)).toFixed(2)} of a stream copy (target seal >= ${TARGET_SEAL_MB_S}) ${verdict(pass)}`,
    };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(sealedCodecBench);
