/**
 * Space's library: listing and searching a folder of 10,000 items, and the throughput of the
 * resumable upload API.
 *
 * Listing (through the whole application: buildApp + inject, session cookie, the member's access,
 * zod serialisation) on PostgreSQL (BENCH_PG_URL) and, with --pglite=1, on PGlite too: a folder of
 * --items (10,000) files and folders, beside as many elsewhere in the library, then VACUUM ANALYZE.
 * Timed, after one warm-up each, 60 requests of each: a page of 100 sorted by name at a random
 * offset; by last change, newest first; by size; by kind; a search of the whole library by part of
 * a name; the folder filtered by tag and type. Target: p95 of all of them < 200 ms. The floor
 * printed beside it is `GET /api/me` through the same stack (a request that reads one row).
 *
 * Upload: a file of --upload-mib MiB (256) of random bytes sent through the resumable API over a
 * real socket (POST /api/space/uploads, PUT chunks of --chunk-mib MiB (16) with Content-Range,
 * --in-flight (3) of them on their way at once as the web app sends them, POST .../complete)
 * to the app's blob store on this machine's disk, against the ceiling of writing the same bytes to
 * a file on the same disk (streamed in 64 KiB pieces, then fsync: bench/blob-store.ts's reference),
 * measured just before and just after. Beside it, the same client against a bare node:http receiver
 * that writes each chunk to a file and fsyncs it (no framework, database or sealing): what any
 * HTTP upload costs on this machine, so the API's own share shows as upload / bare HTTP. Beside it,
 * the server's CPU time for the upload (the event loop, the sealing thread and the rest of this
 * process; the client runs in a process of its own): steadier than the throughput on a busy machine.
 * Target: upload / disk >= 0.50 (the median of --rounds rounds, 3).
 *
 * Share page: the page of a share link (a folder, and a file) for a visitor without a session, over the same
 * socket: time to first byte, 180 requests after 20 warm-ups. Target: p95 < 100 ms.
 *
 * --only=upload measures the upload alone (no listing, no share page).
 *
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/space-library.ts [--items=10000] [--pglite=0] [--upload-mib=256] [--chunk-mib=16] [--in-flight=3] [--rounds=3] [--only=upload]
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { App } from '../src/app.js';
import type { Db } from '../src/platform/db/client.js';
import { loadConfig } from '../src/config.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { openBlobStore } from '../src/platform/storage/open-blob-store.js';
import { SPACE_UPLOAD_CHUNK_BYTES, SPACE_UPLOAD_CHUNKS_IN_FLIGHT } from '../src/space/library/library.contract.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { openPgliteBenchDb, openPostgresBenchDb } from './lib/bench-databases.js';
import { makeTempDir, startWatchdog } from './lib/cleanup.js';
import { withInProcessApp } from './lib/in-process-app.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

const HOST = 'bench.test';
const PASSWORD = 'Correct-Horse-9';
const LIST_P95_MS = 200;
const UPLOAD_RATIO = 0.5;
const SHARE_TTFB_P95_MS = 100;
/** Chunks of the size, and as many on their way at once, as the web app sends. */
const CHUNK = intOption('chunk-mib', SPACE_UPLOAD_CHUNK_BYTES / 1024 / 1024, 1, 64) * 1024 * 1024;
const IN_FLIGHT = intOption('in-flight', SPACE_UPLOAD_CHUNKS_IN_FLIGHT, 1, 4);
const SAMPLES = 60;
/** `--only=upload`: the upload part alone. */
const ONLY = ((): 'upload' | undefined => {
  const raw = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? process.env.BENCH_ONLY;
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'upload') throw new Error(`--only=${raw}: expected upload`);
  return raw;
})();
const execFileAsync = promisify(execFile);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function signedInSite(app: App, db: Db): Promise<{ tenantId: string; userId: string; cookie: string }> {
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [HOST] });
  const user = await createUser(db, tenant.id, { email: 'admin@bench.test', firstName: 'Bench', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: HOST }, payload: { email: 'admin@bench.test', password: PASSWORD } });
  const cookie = res.cookies.find((c) => c.name === 'lectern_session');
  if (!cookie) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  // A large library needs room: the quota is the site's to set.
  const quota = await app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: HOST, cookie: `lectern_session=${cookie.value}` }, payload: { space: { quotaBytes: 1024 ** 4 } } });
  if (quota.statusCode !== 200) throw new Error(`settings: ${quota.statusCode} ${quota.body}`);
  return { tenantId: tenant.id, userId: user.id, cookie: `lectern_session=${cookie.value}` };
}

/** `count` items in a folder: every tenth a folder, the rest files of several kinds, tags and sizes, changed over a month. */
async function fillFolder(db: Db, tenantId: string, ownerId: string, folderId: string | null, count: number, prefix: string): Promise<void> {
  const ancestors = folderId ? sql`array[${folderId}]::uuid[]` : sql`'{}'::uuid[]`;
  await db.withTenant(tenantId, (tx) =>
    tx.execute(sql`insert into space_items (parent_id, ancestor_ids, kind, name, file_kind, media_type, size, tags, owner_id, updated_at)
      select ${folderId}::uuid, ${ancestors}, case when i % 10 = 0 then 'folder' else 'file' end,
             ${prefix} || ' ' || lpad(i::text, 5, '0') || case when i % 10 = 0 then '' else '.' || (array['mp4','pdf','png','zip','docx'])[1 + i % 5] end,
             case when i % 10 = 0 then null else (array['video','pdf','image','course','office'])[1 + i % 5] end,
             case when i % 10 = 0 then null else 'application/octet-stream' end,
             case when i % 10 = 0 then 0 else (i * 7919) % 50000000 end,
             array['tag-' || (i % 20)], ${ownerId}::uuid, now() - (i || ' minutes')::interval
      from generate_series(1, ${count}) as i`),
  );
}

async function timeList(app: App, cookie: string, urls: string[]): Promise<number[]> {
  const samples: number[] = [];
  await app.inject({ method: 'GET', url: urls[0]!, headers: { host: HOST, cookie } });
  for (const url of urls) {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { host: HOST, cookie } });
    samples.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  return samples;
}

async function benchListing(engine: string, openDb: () => Promise<{ db: Db; close: () => Promise<void> }>, items: number) {
  return withInProcessApp('space-library', openDb, async (app, db) => {
    const site = await signedInSite(app, db);
    const made = await app.inject({ method: 'POST', url: '/api/space/folders', headers: { host: HOST, cookie: site.cookie }, payload: { name: 'Big folder' } });
    const folderId = (made.json() as { id: string }).id;
    const fillStarted = performance.now();
    await fillFolder(db, site.tenantId, site.userId, folderId, items, 'Lesson');
    await fillFolder(db, site.tenantId, site.userId, null, items, 'Elsewhere');
    await db.owner.execute(sql`vacuum analyze`);
    console.log(`[${engine}] ${fmtInt(items)} items in the folder and ${fmtInt(items)} elsewhere, filled in ${fmtMs(performance.now() - fillStarted)}`);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
    const offset = () => Math.floor(rnd() * (items / 100)) * 100;
    const base = `/api/space/items?parentId=${folderId}&limit=100`;
    const kinds: [string, () => string][] = [
      ['by name, random page', () => `${base}&sort=name&offset=${offset()}`],
      ['by last change, newest first', () => `${base}&sort=updated&order=desc&offset=${offset()}`],
      ['by size', () => `${base}&sort=size&order=desc&offset=${offset()}`],
      ['by kind', () => `${base}&sort=kind&offset=${offset()}`],
      ['search the library by part of a name', () => `/api/space/items?scope=all&limit=100&q=${encodeURIComponent(`son ${String(Math.floor(rnd() * items)).padStart(5, '0').slice(0, 3)}`)}`],
      ['folder by tag and type', () => `${base}&tag=tag-${Math.floor(rnd() * 20)}&fileKind=pdf`],
    ];
    const all: number[] = [];
    const rows: string[][] = [[`${engine}: ${fmtInt(items)} items in one folder`, 'p50', 'p95', '']];
    for (const [label, url] of kinds) {
      const samples = await timeList(app, site.cookie, Array.from({ length: SAMPLES }, url));
      all.push(...samples);
      rows.push([label, fmtMs(percentile(samples, 50), 1), fmtMs(percentile(samples, 95), 1), '']);
    }
    const floor = await timeList(app, site.cookie, Array.from({ length: SAMPLES }, () => '/api/me'));
    const p95 = percentile(all, 95);
    rows.push([`all ${all.length} requests`, fmtMs(percentile(all, 50), 1), fmtMs(p95, 1), `< ${LIST_P95_MS} ms ${verdict(p95 < LIST_P95_MS)}`]);
    rows.push(['(floor: GET /api/me through the same stack)', fmtMs(percentile(floor, 50), 1), fmtMs(percentile(floor, 95), 1), '']);
    console.log(table(rows));
    return { pass: p95 < LIST_P95_MS, summary: `${engine} list/search p95 ${fmtMs(p95, 1)}` };
  });
}

/**
 * The disk's ceiling, as bench/blob-store.ts takes it: the bytes streamed into a new file in `dir`
 * in 64 KiB pieces (as a server writes what arrives), then fsynced.
 */
async function diskWrite(dir: string, bytes: Buffer): Promise<number> {
  const file = path.join(dir, `ceiling-${randomBytes(4).toString('hex')}`);
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 64 * 1024) pieces.push(bytes.subarray(at, at + 64 * 1024));
  const started = performance.now();
  await pipeline(Readable.from(pieces), createWriteStream(file));
  const handle = await open(file, 'r');
  await handle.sync();
  await handle.close();
  const ms = performance.now() - started;
  await rm(file);
  return ms;
}

/** The upload through the API by a client in a process of its own (bench/lib/upload-client.mjs): milliseconds to the completed file. */
async function uploadOnce(base: string, cookie: string, file: string, mode: 'api' | 'bare' = 'api'): Promise<number> {
  const { stdout } = await execFileAsync(process.execPath, [fileURLToPath(new URL('./lib/upload-client.mjs', import.meta.url)), file, base, HOST, cookie, String(CHUNK), String(IN_FLIGHT), mode]);
  return (JSON.parse(stdout) as { ms: number }).ms;
}

/**
 * The least any HTTP upload on this machine costs: a bare node:http server that writes each
 * request's body to a file of its own and fsyncs it (no framework, no database, no sealing, one
 * copy), fed by the same client. What the API adds on top of that is the app's own share.
 */
async function bareReceiver(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((request, response) => {
    const file = path.join(dir, `bare-${n++ % 4}`);
    pipeline(request, createWriteStream(file))
      .then(async () => {
        const handle = await open(file, 'r');
        await handle.sync();
        await handle.close();
        response.end('ok');
      })
      .catch((error: unknown) => response.destroy(error as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Milliseconds from sending a GET to the first byte of its answer, over a real socket, as a visitor without a session. */
function timeToFirstByte(base: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpGet(`${base}${url}`, { headers: { host: HOST, 'accept-language': 'de' } }, (res) => {
      res.once('data', () => resolve(performance.now() - started));
      res.on('error', reject);
      res.resume();
      if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
    });
    req.on('error', reject);
  });
}

/** TTFB of a share link's page for a public visitor, SAMPLES × 3 requests after 20 warm-ups, with GET /healthz on the same socket path beside it. */
async function pageTtfb(base: string, pagePath: string): Promise<{ page: number[]; floor: number[] }> {
  const page: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 20; i++) await timeToFirstByte(base, pagePath);
  for (let i = 0; i < SAMPLES * 3; i++) {
    page.push(await timeToFirstByte(base, pagePath));
    floor.push(await timeToFirstByte(base, '/healthz'));
  }
  return { page, floor };
}

/**
 * A share link's page for a public visitor: a folder's (its entries listed) and a file's (which
 * also starts a view session for the analytics): TTFB p95 of each against the floor of GET /healthz.
 */
async function shareTtfb(app: App, base: string, cookie: string): Promise<{ pass: boolean; summary: string }> {
  const shareOf = async (itemId: string) => {
    const link = await app.inject({ method: 'POST', url: `/api/space/items/${itemId}/shares`, headers: { host: HOST, cookie }, payload: {} });
    return new URL((link.json() as { url: string }).url).pathname;
  };
  const folder = await app.inject({ method: 'POST', url: '/api/space/folders', headers: { host: HOST, cookie }, payload: { name: 'Shared' } });
  const files = await app.inject({ method: 'GET', url: '/api/space/items?kind=file&limit=1', headers: { host: HOST, cookie } });
  const folderPage = await pageTtfb(base, await shareOf((folder.json() as { id: string }).id));
  const filePage = await pageTtfb(base, await shareOf((files.json() as { items: { id: string }[] }).items[0]!.id));
  const p95 = Math.max(percentile(folderPage.page, 95), percentile(filePage.page, 95));
  const row = (label: string, samples: number[]) => [label, fmtMs(percentile(samples, 50), 1), fmtMs(percentile(samples, 95), 1)];
  console.log(
    table([
      ['share link page, public visitor', 'p50', 'p95', ''],
      [...row('a folder, time to first byte', folderPage.page), `< ${SHARE_TTFB_P95_MS} ms ${verdict(percentile(folderPage.page, 95) < SHARE_TTFB_P95_MS)}`],
      [...row('a file (starts a view), time to first byte', filePage.page), `< ${SHARE_TTFB_P95_MS} ms ${verdict(percentile(filePage.page, 95) < SHARE_TTFB_P95_MS)}`],
      [...row('(floor: GET /healthz)', [...folderPage.floor, ...filePage.floor]), ''],
    ]),
  );
  return { pass: p95 < SHARE_TTFB_P95_MS, summary: `share page TTFB p95 ${fmtMs(p95, 1)}` };
}

async function benchUpload(openDb: () => Promise<{ db: Db; close: () => Promise<void> }>, mib: number, rounds: number) {
  return withInProcessApp('space-upload', openDb, async (app, db) => {
    const site = await signedInSite(app, db);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const base = address;
    const scratch = makeTempDir('space-upload-disk');
    const bytes = randomBytes(mib * 1024 * 1024);
    const ratios: number[] = [];
    // The store itself, on the same disk and database: how much of the gap is the store's (sealing, durable writes), not the API's.
    const store = await openBlobStore({ db, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: scratch }) });
    // A site of its own: its data key is sealed with this store's master key.
    const storeTenant = await createTenant(db, { slug: 'bench-store', name: 'Bench store', hostnames: ['store.bench.test'] });
    const storePut = async () => {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += 64 * 1024) pieces.push(bytes.subarray(at, at + 64 * 1024));
      const started = performance.now();
      await store.put(storeTenant.id, Readable.from(pieces), { expectedBytes: bytes.length });
      return performance.now() - started;
    };
    const bare = await bareReceiver(scratch);
    const rows: string[][] = [[`${mib} MiB in ${CHUNK / 1024 / 1024} MiB chunks, ${IN_FLIGHT} in flight`, 'disk MB/s', 'store.put MB/s', 'bare HTTP MB/s', 'upload MB/s', 'server CPU s', 'upload / disk', 'upload / bare HTTP']];
    const mbps = (ms: number) => bytes.length / 1e6 / (ms / 1000);
    const source = path.join(scratch, 'source.bin');
    await writeFile(source, bytes.subarray(0, CHUNK));
    await uploadOnce(base, site.cookie, source);
    for (let round = 1; round <= rounds; round++) {
      const before = await diskWrite(scratch, bytes);
      await writeFile(source, bytes);
      const cpu = process.cpuUsage();
      const upload = await uploadOnce(base, site.cookie, source);
      const { user, system } = process.cpuUsage(cpu);
      const put = await storePut();
      const bareHttp = await uploadOnce(bare.url, '', source, 'bare');
      const after = await diskWrite(scratch, bytes);
      const disk = Math.min(before, after);
      ratios.push(mbps(upload) / mbps(disk));
      rows.push([`round ${round}`, fmtInt(mbps(disk)), fmtInt(mbps(put)), fmtInt(mbps(bareHttp)), fmtInt(mbps(upload)), ((user + system) / 1e6).toFixed(2), ratios.at(-1)!.toFixed(2), (bareHttp / upload).toFixed(2)]);
      bytes[0] = round; // the next round's bytes are new to the store (it keeps each content once)
    }
    await store.close();
    await bare.close();
    const ratio = median(ratios);
    rows.push(['median', '', '', '', '', '', `${ratio.toFixed(2)} (>= ${UPLOAD_RATIO}) ${verdict(ratio >= UPLOAD_RATIO)}`, '']);
    console.log(table(rows));
    if (ONLY === 'upload') return { pass: ratio >= UPLOAD_RATIO, summary: `upload/disk ${ratio.toFixed(2)}` };
    const shared = await shareTtfb(app, base, site.cookie);
    return { pass: ratio >= UPLOAD_RATIO && shared.pass, summary: `upload/disk ${ratio.toFixed(2)}; ${shared.summary}` };
  });
}

export async function spaceLibraryBench(): Promise<BenchOutcome> {
  const items = intOption('items', 10_000, 100, 1_000_000);
  const withPglite = intOption('pglite', 0, 0, 1) === 1;
  const mib = intOption('upload-mib', 256, 8, 4096);
  const rounds = intOption('rounds', 3, 1, 20);
  const disarm = startWatchdog(30 * 60 * 1000, 'space-library benchmark');
  console.log(`== Space library: a folder of ${fmtInt(items)} items, and resumable uploads of ${mib} MiB ==`);
  console.log(`machine load: ${machineLoad()}`);
  try {
    const results: { pass: boolean; summary: string }[] = [];
    const pgUrl = process.env.BENCH_PG_URL;
    if (ONLY === 'upload') console.log('--only=upload: the listing and the share page are skipped.');
    else if (pgUrl) results.push(await benchListing('PostgreSQL', () => openPostgresBenchDb(pgUrl, 'space_library'), items));
    else console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    if (ONLY !== 'upload' && (withPglite || !pgUrl)) results.push(await benchListing('PGlite', () => openPgliteBenchDb('space-library'), items));
    results.push(await benchUpload(() => (pgUrl ? openPostgresBenchDb(pgUrl, 'space_upload') : openPgliteBenchDb('space-upload')), mib, rounds));
    const pass = results.every((r) => r.pass);
    return { name: 'space-library', pass, summary: `space-library: ${results.map((r) => r.summary).join('; ')} ${verdict(pass)}` };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(spaceLibraryBench);
