/**
 * Package import: time and memory of readCoursePackage (safe unzip + manifest) on a ~200 MB
 * SCORM package — random, incompressible media stored as is, lightly compressible text
 * deflated, and a manifest listing every file. The import runs in a child process of its own
 * (started fresh, after the package was built) whose resident set is sampled every 50 ms.
 * The reference in the same run: the same zip copied through Node streams (read + write of
 * its bytes, no zip work), i.e. what the disk costs.
 *
 * Target: resident memory grows by less than 100 MB during the import.
 *
 *   npx tsx bench/package-import.ts [--size-mb=200]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { buildZip, type ZipEntrySpec } from '../test/zip-fixtures.js';
import { makeTempDir, removeTempDir, startWatchdog, trackChild } from './lib/cleanup.js';
import { fmtMs, intOption, isEntryPoint, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

/** Growth of the resident set during the import must stay below this many MiB. */
export const TARGET_GROWTH_MB = 100;

const MiB = 1024 * 1024;
const MEDIA_FILE_MB = 10;
const TEXT_FILE_KB = 512;

interface Measurement {
  elapsedMs: number;
  baselineMb: number;
  peakMb: number;
  hwmMb: number;
  samples: number;
  files: number;
  bytes: number;
}

/** Random bytes, 1 MiB per chunk: incompressible, and never more than a chunk in memory. */
function randomStream(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const chunk = Math.min(MiB, left);
      left -= chunk;
      this.push(randomBytes(chunk));
    },
  });
}

const WORDS = ['Lern', 'ziel', 'Kurs', 'modul', 'Frage', 'Antwort', 'Übung', 'Test', 'Kapitel', 'Seite', 'und', 'der', 'die'];

/** Text of random words (compresses about 3:1, like course HTML). */
function textStream(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const noise = randomBytes(16 * 1024);
      let text = '';
      for (const byte of noise) text += WORDS[byte % WORDS.length] + (byte & 1 ? ' ' : '\n');
      const chunk = Buffer.from(text).subarray(0, Math.min(left, Buffer.byteLength(text)));
      left -= chunk.length;
      this.push(chunk);
    },
  });
}

function manifestFor(files: string[]): string {
  const fileList = files.map((file) => `<file href="${file}"/>`).join('\n      ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bench.package" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>Benchmark</title>
    <item identifier="I" identifierref="R"><title>Start</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="R" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
      ${fileList}
    </resource>
  </resources>
</manifest>`;
}

async function buildPackage(zipPath: string, sizeMb: number): Promise<void> {
  const textFiles = Math.max(1, Math.round((sizeMb * 0.1 * 1024) / TEXT_FILE_KB));
  const mediaFiles = Math.max(1, Math.round((sizeMb * 0.9) / MEDIA_FILE_MB));
  const media = Array.from({ length: mediaFiles }, (_, i) => `media/clip-${String(i).padStart(3, '0')}.bin`);
  const text = Array.from({ length: textFiles }, (_, i) => `text/chapter-${String(i).padStart(3, '0')}.html`);
  const entries: ZipEntrySpec[] = [
    { name: 'imsmanifest.xml', data: manifestFor([...media, ...text]) },
    { name: 'index.html', data: '<!doctype html><title>Start</title>' },
    ...media.map((name) => ({ name, stream: () => randomStream(MEDIA_FILE_MB * MiB), compress: false })),
    ...text.map((name) => ({ name, stream: () => textStream(TEXT_FILE_KB * 1024), compress: true })),
  ];
  await buildZip(zipPath, entries);
}

/** The child: imports one package and reports time and resident memory as one JSON line. */
async function measure(zipPath: string, destDir: string): Promise<void> {
  const { readCoursePackage } = await import('../src/learn/packages/read-package.js');
  const rssMb = () => process.memoryUsage().rss / MiB;
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const baselineMb = rssMb();
  let peakMb = baselineMb;
  let samples = 0;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb());
    samples++;
  }, 50);
  const started = performance.now();
  const result = await readCoursePackage(zipPath, destDir);
  const elapsedMs = performance.now() - started;
  clearInterval(sampler);
  peakMb = Math.max(peakMb, rssMb());
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  const measurement: Measurement = {
    elapsedMs,
    baselineMb,
    peakMb,
    hwmMb: hwmKb / 1024,
    samples,
    files: result.files.length,
    bytes: result.files.reduce((sum, file) => sum + file.size, 0),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

function runChild(zipPath: string, destDir: string): Promise<Measurement> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, `--measure=${zipPath}`, `--dest=${destDir}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.localhost' },
  });
  trackChild(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`the import child exited with ${code}: ${output.slice(-500)}`));
      else resolve(JSON.parse(line) as Measurement);
    });
  });
}

export async function packageImportBench(): Promise<BenchOutcome> {
  const sizeMb = intOption('size-mb', 200, 10, 2000);
  const disarm = startWatchdog(15 * 60 * 1000, 'package-import benchmark');
  console.log(`== Package import: readCoursePackage on a ~${sizeMb} MB SCORM package, RSS sampled every 50 ms ==`);
  const tempDir = makeTempDir('package-import');
  try {
    const zipPath = path.join(tempDir, 'package.zip');
    const builtAt = performance.now();
    await buildPackage(zipPath, sizeMb);
    const zipBytes = (await stat(zipPath)).size;
    console.log(`built ${(zipBytes / MiB).toFixed(1)} MB zip in ${fmtMs(performance.now() - builtAt)}`);

    const copyStarted = performance.now();
    await pipeline(createReadStream(zipPath), createWriteStream(path.join(tempDir, 'copy.zip')));
    const copyMs = performance.now() - copyStarted;
    removeTempDir(path.join(tempDir, 'copy.zip'));

    const result = await runChild(zipPath, path.join(tempDir, 'unpacked'));
    const sampledGrowth = result.peakMb - result.baselineMb;
    const hwmGrowth = result.hwmMb - result.baselineMb;
    const growth = Math.max(sampledGrowth, hwmGrowth);
    const pass = growth < TARGET_GROWTH_MB;
    console.log(
      table([
        ['', 'time', 'MB/s', 'RSS baseline', 'RSS peak (50 ms samples)', 'VmHWM', 'growth'],
        [
          `readCoursePackage (${result.files} files, ${(result.bytes / MiB).toFixed(1)} MB)`,
          fmtMs(result.elapsedMs),
          (result.bytes / MiB / (result.elapsedMs / 1000)).toFixed(0),
          `${result.baselineMb.toFixed(1)} MB`,
          `${result.peakMb.toFixed(1)} MB`,
          `${result.hwmMb.toFixed(1)} MB`,
          `${growth.toFixed(1)} MB`,
        ],
        ['reference: copy of the zip through Node streams', fmtMs(copyMs), (zipBytes / MiB / (copyMs / 1000)).toFixed(0), '', '', '', ''],
      ]),
    );
    console.log(`${result.samples} samples; growth = max(sampled peak, VmHWM) - baseline`);
    console.log(`Target: RSS growth < ${TARGET_GROWTH_MB} MB -> ${verdict(pass)}`);
    return {
      name: 'package-import',
      pass,
      summary: `package-import: ${(result.bytes / MiB).toFixed(0)} MB in ${fmtMs(result.elapsedMs)}, RSS growth ${growth.toFixed(1)} MB (target < ${TARGET_GROWTH_MB} MB) ${verdict(pass)}`,
    };
  } finally {
    removeTempDir(tempDir);
    disarm();
  }
}

const measureFlag = process.argv.find((arg) => arg.startsWith('--measure='));
if (measureFlag) {
  const destFlag = process.argv.find((arg) => arg.startsWith('--dest='));
  measure(measureFlag.slice('--measure='.length), destFlag?.slice('--dest='.length) ?? '').catch((error: unknown) => {
    console.error(error);
    process.exit(2);
  });
} else if (isEntryPoint(import.meta.url)) {
  runAsScript(packageImportBench);
}
