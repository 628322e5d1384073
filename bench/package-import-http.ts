/**
 * Package import over HTTP: a ~200 MB SCORM package sent to a running Lectern (PGlite, from
 * the TypeScript sources, in a child process) once as one request (`POST /api/learn/packages`,
 * the zip as the body) and once as a resumable upload in 8 MiB chunks, both with an API token
 * of scope content:publish. The server's resident set is read from /proc every 50 ms.
 * Reference in the same run: the same zip copied through Node streams (what the disk costs).
 *
 * Target: the server's resident memory grows by less than 100 MB during each import.
 *
 *   npx tsx bench/package-import-http.ts [--size-mb=200]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { buildZip, type ZipEntrySpec } from '../test/zip-fixtures.js';
import { makeTempDir, removeTempDir, startWatchdog, trackChild } from './lib/cleanup.js';
import { procStatusKb } from './lib/process.js';
import { fmtMs, intOption, isEntryPoint, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

export const TARGET_GROWTH_MB = 100;
const MiB = 1024 * 1024;
const CHUNK_BYTES = 8 * MiB;
const HOST = 'bench.test';

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

/** 90 % incompressible media in 10 MB files (stored), 10 % text in 512 kB files (deflated), a manifest listing all. */
async function buildPackage(zipPath: string, sizeMb: number): Promise<void> {
  const media = Array.from({ length: Math.max(1, Math.round((sizeMb * 0.9) / 10)) }, (_, i) => `media/clip-${i}.bin`);
  const text = Array.from({ length: Math.max(1, Math.round((sizeMb * 0.1 * 1024) / 512)) }, (_, i) => `text/page-${i}.html`);
  const files = [...media, ...text].map((file) => `<file href="${file}"/>`).join('');
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="bench.http" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>HTTP benchmark</title>
    <item identifier="I" identifierref="R"><title>Start</title></item></organization></organizations>
  <resources><resource identifier="R" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/>${files}</resource></resources>
</manifest>`;
  const words = 'Lernziel Kurs Modul Frage Antwort Übung Kapitel Seite und der die '.repeat(1000);
  const entries: ZipEntrySpec[] = [
    { name: 'imsmanifest.xml', data: manifest },
    { name: 'index.html', data: '<!doctype html><title>Start</title>' },
    ...media.map((name) => ({ name, stream: () => randomStream(10 * MiB), compress: false })),
    ...text.map((name) => ({ name, data: Buffer.from(words).subarray(0, 512 * 1024), compress: true })),
  ];
  await buildZip(zipPath, entries);
}

/** The child: a Lectern server with one site, an administrator and a publish token; prints where and how to reach it. */
async function serve(dataDir: string): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { openMigratedDatabase } = await import('../src/platform/db/open.js');
  const { buildApp } = await import('../src/app.js');
  const { createTenant } = await import('../src/platform/tenancy/tenants.service.js');
  const { createUser } = await import('../src/platform/identity/users.service.js');
  const { createApiToken } = await import('../src/platform/identity/api-tokens/api-tokens.service.js');
  const config = loadConfig({ NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.localhost', LOG_LEVEL: 'warn', DATA_DIR: dataDir, LECTERN_SEED_DEMO: 'false', LECTERN_JOBS: 'false' });
  const db = await openMigratedDatabase(config);
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [HOST] });
  const user = await createUser(db, tenant.id, { email: 'admin@bench.test', firstName: 'B', lastName: 'Ench', roles: ['admin'], password: 'Correct-Horse-9' });
  const { token } = await createApiToken(db, tenant, user, { name: 'bench', scopes: ['content:publish'] }, { ip: '127.0.0.1', userAgent: null });
  const app = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port, token })}\n`);
}

function startServer(dataDir: string): Promise<{ pid: number; port: number; token: string; stop: () => void }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, `--serve=${dataDir}`], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '' } });
  trackChild(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output.slice(-500)}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        const { port, token } = JSON.parse(line) as { port: number; token: string };
        resolve({ pid: child.pid!, port, token, stop: () => child.kill('SIGKILL') });
      }
    });
  });
}

function request(port: number, token: string, method: string, url: string, body: Readable | Buffer | null, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers: { host: HOST, authorization: `Bearer ${token}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }));
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body ?? undefined);
  });
}

interface Run {
  elapsedMs: number;
  baselineMb: number;
  peakMb: number;
}

/** Samples the server's VmRSS every 50 ms while `work` runs. */
async function sampled(pid: number, work: () => Promise<void>): Promise<Run> {
  const rssMb = () => (procStatusKb(pid).VmRSS ?? 0) / 1024;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baselineMb = rssMb();
  let peakMb = baselineMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb())), 50);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { elapsedMs: performance.now() - started, baselineMb, peakMb: Math.max(peakMb, rssMb()) };
}

export async function packageImportHttpBench(): Promise<BenchOutcome> {
  const sizeMb = intOption('size-mb', 200, 10, 2000);
  const disarm = startWatchdog(15 * 60 * 1000, 'package-import-http benchmark');
  console.log(`== Package import over HTTP: a ~${sizeMb} MB SCORM package, server RSS sampled every 50 ms ==`);
  const tempDir = makeTempDir('package-import-http');
  try {
    const zipPath = path.join(tempDir, 'package.zip');
    await buildPackage(zipPath, sizeMb);
    const zipBytes = (await stat(zipPath)).size;
    console.log(`built ${(zipBytes / MiB).toFixed(1)} MB zip`);
    const copyStarted = performance.now();
    await pipeline(createReadStream(zipPath), createWriteStream(path.join(tempDir, 'copy.zip')));
    const copyMs = performance.now() - copyStarted;
    removeTempDir(path.join(tempDir, 'copy.zip'));

    const server = await startServer(path.join(tempDir, 'data'));
    try {
      const single = await sampled(server.pid, async () => {
        const res = await request(server.port, server.token, 'POST', '/api/learn/packages?fileName=package.zip', createReadStream(zipPath), {
          'content-type': 'application/zip',
          'content-length': String(zipBytes),
        });
        if (res.status !== 201) throw new Error(`single upload: ${res.status} ${JSON.stringify(res.json)}`);
      });
      const chunked = await sampled(server.pid, async () => {
        const created = await request(server.port, server.token, 'POST', '/api/learn/package-uploads', Buffer.from(JSON.stringify({ fileName: 'package.zip', totalBytes: zipBytes })), {
          'content-type': 'application/json',
        });
        const id = (created.json as { id: string }).id;
        const file = await open(zipPath);
        try {
          for (let from = 0; from < zipBytes; from += CHUNK_BYTES) {
            const length = Math.min(CHUNK_BYTES, zipBytes - from);
            const chunk = Buffer.alloc(length);
            await file.read(chunk, 0, length, from);
            const res = await request(server.port, server.token, 'PUT', `/api/learn/package-uploads/${id}`, chunk, {
              'content-type': 'application/octet-stream',
              'content-range': `bytes ${from}-${from + length - 1}/${zipBytes}`,
            });
            if (res.status !== 200) throw new Error(`chunk at ${from}: ${res.status} ${JSON.stringify(res.json)}`);
          }
        } finally {
          await file.close();
        }
        const done = await request(server.port, server.token, 'POST', `/api/learn/package-uploads/${id}/complete`, Buffer.from('{}'), { 'content-type': 'application/json' });
        if (done.status !== 201) throw new Error(`complete: ${done.status} ${JSON.stringify(done.json)}`);
      });
      const hwmMb = (procStatusKb(server.pid).VmHWM ?? 0) / 1024;
      const growth = (run: Run) => run.peakMb - run.baselineMb;
      const worst = Math.max(growth(single), growth(chunked));
      const pass = worst < TARGET_GROWTH_MB;
      const row = (name: string, run: Run) => [name, fmtMs(run.elapsedMs), (zipBytes / MiB / (run.elapsedMs / 1000)).toFixed(0), `${run.baselineMb.toFixed(1)} MB`, `${run.peakMb.toFixed(1)} MB`, `${growth(run).toFixed(1)} MB`];
      console.log(
        table([
          ['', 'time', 'MB/s', 'RSS before', 'RSS peak', 'growth'],
          row('one request (POST /api/learn/packages)', single),
          row(`resumable upload, ${CHUNK_BYTES / MiB} MiB chunks + complete`, chunked),
          ['reference: copy of the zip through Node streams', fmtMs(copyMs), (zipBytes / MiB / (copyMs / 1000)).toFixed(0), '', '', ''],
        ]),
      );
      console.log(`server VmHWM at the end: ${hwmMb.toFixed(1)} MB (includes start-up and migrations)`);
      console.log(`Target: server RSS growth < ${TARGET_GROWTH_MB} MB -> ${verdict(pass)}`);
      return {
        name: 'package-import-http',
        pass,
        summary: `package-import-http: ${(zipBytes / MiB).toFixed(0)} MB in ${fmtMs(single.elapsedMs)} (one request) / ${fmtMs(chunked.elapsedMs)} (chunked), RSS growth ${worst.toFixed(1)} MB (target < ${TARGET_GROWTH_MB} MB) ${verdict(pass)}`,
      };
    } finally {
      server.stop();
    }
  } finally {
    removeTempDir(tempDir);
    disarm();
  }
}

const serveFlag = process.argv.find((arg) => arg.startsWith('--serve='));
if (serveFlag) {
  serve(serveFlag.slice('--serve='.length)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (isEntryPoint(import.meta.url)) {
  runAsScript(packageImportHttpBench);
}
