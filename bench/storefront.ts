/**
 * The storefront's landing page under a catalogue of 1,000 products: time to first byte.
 *
 * One site with an open store and a real course (a SCORM 1.2 package of --lessons (12) lessons,
 * imported through the API, so the page reads its curriculum from the package's manifest), and
 * --products (1,000) published products inserted in bulk straight into the tables (prices in two
 * currencies, a tenth free, every product with the course), then VACUUM ANALYZE. The whole
 * application runs in this process (buildApp) and listens on 127.0.0.1; requests go over a real
 * socket with keep-alive, as a visitor without a session, one at a time.
 *
 * Timed: `GET /store/p/<slug>` for --samples (600) random slugs after 30 warm-ups, time to the first
 * byte of the answer (each answer checked: 200 and the product's title). In turn with each request,
 * the ceiling: a bare node:http server (no framework, no database) answering the same page's bytes
 * over the same kind of socket, and GET /healthz through the app (what the app's stack costs before
 * any feature). Printed beside it, not judged: the catalogue's first page and a search.
 *
 * Target: p95 TTFB of the landing page < 100 ms. PGlite by default; with BENCH_PG_URL set, PostgreSQL
 * too (a fresh database on that server, dropped afterwards).
 *
 *   npx tsx bench/storefront.ts [--products=1000] [--samples=600] [--lessons=12]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/storefront.ts
 */
import { readFile } from 'node:fs/promises';
import { Agent, createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { App } from '../src/app.js';
import type { Db } from '../src/platform/db/client.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { buildScormPackage } from '../test/scorm-packages.js';
import { openPgliteBenchDb, openPostgresBenchDb, type BenchDatabase } from './lib/bench-databases.js';
import { makeTempDir, startWatchdog } from './lib/cleanup.js';
import { withInProcessApp } from './lib/in-process-app.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

const HOST = 'store.bench.test';
const PASSWORD = 'Correct-Horse-9';
const TTFB_P95_MS = 100;
const WARM_UPS = 30;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** An administrator's session on a new site with an open store and one published course of `lessons` lessons. */
async function storeSite(app: App, db: Db, lessons: number): Promise<{ tenantId: string; courseId: string }> {
  const tenant = await createTenant(db, { slug: 'store-bench', name: 'Store bench', hostnames: [HOST] });
  await createUser(db, tenant.id, { email: 'admin@store.bench.test', firstName: 'Bench', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
  const signedIn = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: HOST }, payload: { email: 'admin@store.bench.test', password: PASSWORD } });
  const session = signedIn.cookies.find((c) => c.name === 'lectern_session');
  if (!session) throw new Error(`sign-in failed: ${signedIn.statusCode} ${signedIn.body}`);
  const cookie = `lectern_session=${session.value}`;
  // The package is built where the benchmark's temporary files go (removed at the end).
  process.env.TEST_SCRATCH_DIR = makeTempDir('storefront-package');
  const zip = await buildScormPackage('1.2', 'Fire safety at work', Array.from({ length: lessons }, (_, i) => ({ id: `sco-${i + 1}`, title: `Lesson ${i + 1}: a step of fire safety` })));
  const uploaded = await app.inject({ method: 'POST', url: '/api/learn/packages?fileName=course.zip', headers: { host: HOST, cookie, 'content-type': 'application/zip' }, payload: await readFile(zip) });
  if (uploaded.statusCode !== 201) throw new Error(`course upload: ${uploaded.statusCode} ${uploaded.body}`);
  const courseId = (uploaded.json() as { course: { id: string } }).course.id;
  await db.withTenant(tenant.id, (tx) => tx.execute(sql`update courses set status = 'published' where id = ${courseId}`));
  const opened = await app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { host: HOST, cookie }, payload: { market: { open: true, sellerName: 'Bench Academy GmbH', sellerCountry: 'DE' } } });
  if (opened.statusCode !== 200) throw new Error(`settings: ${opened.statusCode} ${opened.body}`);
  return { tenantId: tenant.id, courseId };
}

/** `count` published products in three statements: the products, their course, their prices (the free ones have none). */
async function fillCatalogue(db: Db, tenantId: string, courseId: string, count: number): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await tx.execute(sql`insert into market_products (slug, kind, status, title, summary, description, instructor_name, instructor_bio, access_days, free, seat_packs, language, updated_at)
      select 'course-' || i, 'course', 'published', 'Course ' || lpad(i::text, 5, '0') || ': safety at work',
             'Everything a team needs to know about safety, part ' || i || '.',
             repeat('A paragraph of the landing page that says what the course teaches and for whom. ', 6) || E'\n\n' ||
             repeat('Another paragraph, with what the buyer gets and how long. ', 5),
             'Grace Hopper', 'Fire warden for twenty years.', case when i % 3 = 0 then null else 90 + i % 300 end,
             i % 10 = 0, i % 4 = 0, (array['en','de','fr'])[1 + i % 3], now() - (i || ' minutes')::interval
      from generate_series(1, ${count}) as i`);
    await tx.execute(sql`insert into market_product_courses (product_id, course_id, position) select id, ${courseId}::uuid, 0 from market_products`);
    await tx.execute(sql`insert into market_product_prices (product_id, currency, amount_minor)
      select p.id, c.currency, 4900 + (abs(hashtext(p.slug)) % 20000) from market_products p cross join (values ('EUR'), ('USD')) as c(currency) where not p.free`);
  });
  await db.owner.execute(sql`vacuum analyze`);
}

/** Milliseconds from sending a GET to the first byte of its answer; the whole answer is read and handed to `check`. */
function timeToFirstByte(base: string, agent: Agent, url: string, check?: (status: number, body: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    const req = httpGet(`${base}${url}`, { agent, headers: { host: HOST, 'accept-language': 'en-GB,en;q=0.8' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (first === 0) first = performance.now() - started;
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        try {
          check?.(res.statusCode ?? 0, Buffer.concat(chunks).toString());
          resolve(first);
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('error', reject);
  });
}

/** The ceiling: a bare node:http server answering `body` as HTML, nothing else. */
async function bareServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const bytes = Buffer.from(body);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': bytes.length });
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function benchEngine(engine: string, openDb: () => Promise<BenchDatabase>, options: { products: number; samples: number; lessons: number }): Promise<{ pass: boolean; summary: string }> {
  return withInProcessApp(`storefront-${engine.toLowerCase()}`, openDb, async (app, db) => {
    const { tenantId, courseId } = await storeSite(app, db, options.lessons);
    const filled = performance.now();
    await fillCatalogue(db, tenantId, courseId, options.products);
    console.log(`[${engine}] ${fmtInt(options.products)} published products inserted and analysed in ${fmtMs(performance.now() - filled)}`);

    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let seed = 11;
    const random = () => ((seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
    const slugOf = () => `course-${1 + Math.floor(random() * options.products)}`;
    const expectPage = (slug: string) => (status: number, body: string) => {
      const number = slug.slice('course-'.length).padStart(5, '0');
      if (status !== 200 || !body.includes(`Course ${number}: safety at work`)) throw new Error(`/store/p/${slug}: ${status} ${body.slice(0, 200)}`);
      if (!body.includes(`Lesson ${options.lessons}: a step of fire safety`)) throw new Error(`/store/p/${slug}: the curriculum is missing`);
    };

    // The ceiling answers the bytes of a real landing page.
    const sample = await app.inject({ method: 'GET', url: '/store/p/course-1', headers: { host: HOST, 'accept-language': 'en' } });
    const bare = await bareServer(sample.body);
    const bareAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < WARM_UPS; i++) {
        const slug = slugOf();
        await timeToFirstByte(base, agent, `/store/p/${slug}`, expectPage(slug));
        await timeToFirstByte(bare.url, bareAgent, '/');
      }
      const page: number[] = [];
      const ceiling: number[] = [];
      const healthz: number[] = [];
      for (let i = 0; i < options.samples; i++) {
        const slug = slugOf();
        page.push(await timeToFirstByte(base, agent, `/store/p/${slug}`, expectPage(slug)));
        ceiling.push(await timeToFirstByte(bare.url, bareAgent, '/'));
        healthz.push(await timeToFirstByte(base, agent, '/healthz'));
      }
      const okCatalogue = (status: number, body: string) => {
        if (status !== 200 || !body.includes('class="card"')) throw new Error(`catalogue: ${status} ${body.slice(0, 200)}`);
      };
      const catalogue: number[] = [];
      const search: number[] = [];
      for (let i = 0; i < Math.min(100, options.samples); i++) {
        catalogue.push(await timeToFirstByte(base, agent, `/store?page=${1 + Math.floor(random() * Math.ceil(options.products / 24))}`, okCatalogue));
        search.push(await timeToFirstByte(base, agent, `/store?q=${encodeURIComponent(`part ${1 + Math.floor(random() * options.products)}`)}`, okCatalogue));
      }
      const p95 = percentile(page, 95);
      const p95Of = (samples: number[]) => percentile(samples, 95);
      const row = (label: string, samples: number[], target = '') => [label, fmtMs(percentile(samples, 50), 1), fmtMs(p95Of(samples), 1), fmtMs(percentile(samples, 99), 1), target];
      console.log(
        table([
          [`${engine}: ${fmtInt(options.products)} products, time to first byte (${Buffer.byteLength(sample.body).toLocaleString('en-US')} bytes a page)`, 'p50', 'p95', 'p99', ''],
          row(`GET /store/p/<random slug>, ${page.length} requests`, page, `< ${TTFB_P95_MS} ms ${verdict(p95 < TTFB_P95_MS)}`),
          row('(ceiling: bare node:http, the same page bytes)', ceiling),
          row('(floor of the app: GET /healthz)', healthz),
          row(`GET /store?page=<random> (not judged), ${catalogue.length}`, catalogue),
          row(`GET /store?q=<words> (not judged), ${search.length}`, search),
        ]),
      );
      return { pass: p95 < TTFB_P95_MS, summary: `${engine} product page TTFB p95 ${fmtMs(p95, 1)} (bare node:http ${fmtMs(p95Of(ceiling), 1)})` };
    } finally {
      agent.destroy();
      bareAgent.destroy();
      await bare.close();
    }
  });
}

export async function storefrontBench(): Promise<BenchOutcome> {
  const options = { products: intOption('products', 1000, 10, 100_000), samples: intOption('samples', 600, 20, 100_000), lessons: intOption('lessons', 12, 1, 200) };
  const disarm = startWatchdog(20 * 60 * 1000, 'storefront benchmark');
  console.log(`== Storefront: a product's landing page among ${fmtInt(options.products)} products ==`);
  console.log(machineLoad());
  try {
    const results = [await benchEngine('PGlite', () => openPgliteBenchDb('storefront'), options)];
    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) results.push(await benchEngine('PostgreSQL', () => openPostgresBenchDb(pgUrl, 'storefront'), options));
    else console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    console.log(machineLoad());
    const pass = results.every((r) => r.pass);
    return { name: 'storefront', pass, summary: `storefront: ${results.map((r) => r.summary).join('; ')} ${verdict(pass)}` };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(storefrontBench);
