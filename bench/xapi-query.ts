/**
 * xAPI statement queries over a large LRS, timed through the whole application (buildApp +
 * inject: routes, LRS key check, query parsing, serialisation) on PostgreSQL (BENCH_PG_URL) and,
 * with --pglite=1, on PGlite too.
 *
 * The fill: --statements statements (1,000,000 by default) built in JS in chunks of 5,000 and
 * stored through the LRS's own repository (prepareStatement, termsOf, insertStatements, as
 * store-statements.ts does; two chunks at a time): about 10,000 learners (agents by `account`), 50 verbs, 2,000
 * activities, each with its course (one of 100) in `context.contextActivities.parent`, one
 * registration per learner and course; `stored` spread over 90 days. Then VACUUM ANALYZE.
 *
 * Timed (after one warm-up each):
 * - `GET /xapi/statements?agent=…&verb=…` for 200 random learner/verb pairs: p50 < 10 ms, p95 < 50 ms;
 * - `GET /xapi/statements?activity=<course>&related_activities=true` for 50 random courses: p95 < 100 ms;
 * - a course report in plain SQL over the terms index (statements per verb and distinct actors
 *   for one course with its activities): < 1 s (median of 3 courses).
 *
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/xapi-query.ts [--statements=1000000] [--pglite=0]
 */
import { sql } from 'drizzle-orm';
import type { App } from '../src/app.js';
import { createLrsKeyFromCommandLine } from '../src/lrs/index.js';
import { prepareStatement } from '../src/lrs/statements/prepare-statement.js';
import { termsOf } from '../src/lrs/statements/statement-terms.js';
import { insertStatements, type NewStatementRow } from '../src/lrs/statements/statements.repository.js';
import { activityKey } from '../src/lrs/xapi/identity-keys.js';
import { queryRows, type Db } from '../src/platform/db/client.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { openPgliteBenchDb, openPostgresBenchDb } from './lib/bench-databases.js';
import { startWatchdog } from './lib/cleanup.js';
import { withInProcessApp } from './lib/in-process-app.js';
import { fmtInt, fmtMs, intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

const HOST = 'bench.test';
const CHUNK = 5000;
/** Chunks stored at once while the fill runs (the machine's two cores: one builds, one stores). */
const FILL_CONNECTIONS = 2;
const LEARNERS = 10_000;
const VERBS = 50;
const ACTIVITIES = 2000;
const COURSES = 100;
const HOME_PAGE = 'https://learn.example.com';
const AGENT_VERB_P50_MS = 10;
const AGENT_VERB_P95_MS = 50;
const COURSE_P95_MS = 100;
const REPORT_MS = 1000;

const verbId = (v: number) => `https://verbs.example.com/verb-${v}`;
const activityId = (a: number) => `https://courses.example.com/course-${a % COURSES}/activity-${a}`;
const courseId = (c: number) => `https://courses.example.com/course-${c}`;
const agentOf = (l: number) => ({ objectType: 'Agent', account: { homePage: HOME_PAGE, name: `learner-${l}` } });
const registrationOf = (l: number, c: number) => `${(l * COURSES + c).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** A small deterministic generator, so two runs fill the same statements. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The statements and terms of one chunk, as store-statements.ts builds them. */
function chunkRows(rnd: () => number, from: number, to: number, count: number, key: string): NewStatementRow[] {
  const authority = { objectType: 'Agent', account: { homePage: `https://${HOST}`, name: key } };
  const start = Date.UTC(2026, 0, 1);
  const spanMs = 90 * 24 * 3600 * 1000;
  const rows: NewStatementRow[] = [];
  for (let i = from; i < to; i++) {
    const learner = Math.floor(rnd() * LEARNERS);
    const activity = Math.floor(rnd() * ACTIVITIES);
    const verb = Math.floor(rnd() * VERBS);
    // In stored order, as an LRS receives them.
    const stored = new Date(start + Math.floor((i / count) * spanMs));
    const statement = prepareStatement(
      {
        actor: agentOf(learner),
        verb: { id: verbId(verb), display: { 'en-US': `verb ${verb}` } },
        object: { objectType: 'Activity', id: activityId(activity), definition: { name: { 'en-US': `Activity ${activity}` } } },
        result: { completion: rnd() < 0.5, score: { scaled: Math.round(rnd() * 100) / 100 } },
        context: { registration: registrationOf(learner, activity % COURSES), contextActivities: { parent: [{ id: courseId(activity % COURSES) }] } },
      },
      { stored, authority, version: '1.0' },
    );
    rows.push({ id: statement.id as string, stored, targetId: null, authorityKey: `key:${key}`, statement, terms: termsOf(statement) });
  }
  return rows;
}

/**
 * Fills `count` statements through the LRS repository (insertStatements, the statement the
 * Statements resource stores a batch with), in transactions of CHUNK statements, FILL_CONNECTIONS
 * at a time: the next chunk is built while the database stores the one before.
 */
async function fill(db: Db, tenantId: string, count: number, key: string): Promise<void> {
  const rnd = random(42);
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, from + CHUNK);
      const rows = chunkRows(rnd, from, next, count, key);
      await db.withTenant(tenantId, (tx) => insertStatements(tx, rows));
      done += rows.length;
      if ((done / CHUNK) % 40 === 0) console.log(`  ${fmtInt(done)} statements, ${fmtInt(done / ((performance.now() - started) / 1000))}/s`);
    }
  };
  await Promise.all(Array.from({ length: FILL_CONNECTIONS }, worker));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function timeGets(app: App, authorization: string, urls: string[]): Promise<{ samples: number[]; statements: number }> {
  const samples: number[] = [];
  let statements = 0;
  const headers = { host: HOST, authorization, 'x-experience-api-version': '1.0.3' };
  // One warm-up, not counted.
  await app.inject({ method: 'GET', url: urls[0]!, headers });
  for (const url of urls) {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url, headers });
    samples.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    statements += (JSON.parse(res.body) as { statements: unknown[] }).statements.length;
  }
  return { samples, statements };
}

/** The course report: per verb, statements and distinct learners, over the course and its activities (the terms index: the key's plain and broad rows). */
function courseReportSql(tenantId: string, course: string) {
  // The verb and the actor are taken out of each statement first, so the grouping sorts two short values, not whole statements.
  return sql`select verb, count(*) as statements, count(distinct actor) as actors
    from (select s.statement -> 'verb' ->> 'id' as verb, (s.statement -> 'actor')::text as actor
          from xapi_statement_terms d
          join xapi_statements s on s.tenant_id = d.tenant_id and s.stored = d.stored and s.seq = d.seq
          where d.tenant_id = ${tenantId}::uuid and d.term_key = ${activityKey(course)}::uuid and not s.voided) as course
    group by 1 order by 2 desc`;
}

async function benchEngine(engine: string, openDb: () => Promise<{ db: Db; close: () => Promise<void> }>, count: number) {
  return withInProcessApp('xapi-query', openDb, async (app, db) => {
    const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [HOST] });
    const created = await createLrsKeyFromCommandLine(db, tenant, { name: 'bench', scopes: ['all'] });
    const authorization = `Basic ${Buffer.from(`${created.record.key}:${created.secret}`).toString('base64')}`;
    const fillStarted = performance.now();
    await fill(db, tenant.id, count, created.record.key);
    const fillMs = performance.now() - fillStarted;
    const analyzeStarted = performance.now();
    // As autovacuum does for a table that only grows: statistics, and the visibility map the index-only scans of the terms need.
    await db.owner.execute(sql`vacuum analyze`);
    const [size] = await queryRows<{ statements: string; terms: string }>(
      db.owner,
      sql`select pg_size_pretty(pg_total_relation_size('xapi_statements')) as statements, pg_size_pretty(pg_total_relation_size('xapi_statement_terms')) as terms`,
    );
    console.log(`[${engine}] filled ${fmtInt(count)} statements in ${fmtMs(fillMs)} (${fmtInt(count / (fillMs / 1000))}/s), VACUUM ANALYZE ${fmtMs(performance.now() - analyzeStarted)}; tables with indexes: statements ${size?.statements}, terms ${size?.terms}`);

    const rnd = random(7);
    const agentVerbUrls = Array.from({ length: 200 }, () => {
      const agent = encodeURIComponent(JSON.stringify(agentOf(Math.floor(rnd() * LEARNERS))));
      return `/xapi/statements?agent=${agent}&verb=${encodeURIComponent(verbId(Math.floor(rnd() * VERBS)))}`;
    });
    const courseUrls = Array.from({ length: 50 }, () => `/xapi/statements?activity=${encodeURIComponent(courseId(Math.floor(rnd() * COURSES)))}&related_activities=true`);
    const agentVerb = await timeGets(app, authorization, agentVerbUrls);
    const course = await timeGets(app, authorization, courseUrls);

    const reportSamples: number[] = [];
    let reportRows = 0;
    for (let i = 0; i <= 3; i++) {
      const query = courseReportSql(tenant.id, courseId(Math.floor(rnd() * COURSES)));
      const started = performance.now();
      const rows = await queryRows<{ verb: string; statements: string; actors: string }>(db.owner, query);
      if (i > 0) reportSamples.push(performance.now() - started);
      reportRows = rows.reduce((sum, r) => sum + Number(r.statements), 0);
    }
    const plan = await queryRows<{ 'QUERY PLAN': string }>(db.owner, sql`explain (analyze, buffers) ${courseReportSql(tenant.id, courseId(1))}`);
    if (process.env.BENCH_EXPLAIN) console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));

    const p50 = percentile(agentVerb.samples, 50);
    const p95 = percentile(agentVerb.samples, 95);
    const courseP95 = percentile(course.samples, 95);
    const report = median(reportSamples);
    const checks = [
      { label: `agent + verb, ${agentVerb.samples.length} pairs (${fmtInt(agentVerb.statements)} statements answered), p50`, ms: p50, target: AGENT_VERB_P50_MS },
      { label: 'agent + verb, p95', ms: p95, target: AGENT_VERB_P95_MS },
      { label: `course, related_activities, ${course.samples.length} courses (${fmtInt(course.statements)} statements answered), p95`, ms: courseP95, target: COURSE_P95_MS },
      { label: `course report in SQL (per verb: statements, distinct actors; ~${fmtInt(reportRows)} statements), median of 3`, ms: report, target: REPORT_MS },
    ];
    const rows: string[][] = [[`${engine}, ${fmtInt(count)} statements`, 'measured', 'target', '']];
    for (const c of checks) rows.push([c.label, fmtMs(c.ms, 1), `< ${c.target} ms`, verdict(c.ms < c.target)]);
    rows.push(['(course, related_activities, p50)', fmtMs(percentile(course.samples, 50), 1), '', '']);
    console.log(table(rows));
    return { pass: checks.every((c) => c.ms < c.target), summary: `${engine} agent+verb p50 ${fmtMs(p50, 1)} p95 ${fmtMs(p95, 1)}, course p95 ${fmtMs(courseP95, 1)}, report ${fmtMs(report)}` };
  });
}

export async function xapiQueryBench(): Promise<BenchOutcome> {
  const count = intOption('statements', 1_000_000, 1000, 20_000_000);
  const withPglite = intOption('pglite', 0, 0, 1) === 1;
  const disarm = startWatchdog(60 * 60 * 1000, 'xapi-query benchmark');
  console.log(`== xAPI statement queries over ${fmtInt(count)} statements, through buildApp + inject ==`);
  console.log(`machine load: ${machineLoad()}`);
  try {
    const results: { engine: string; pass: boolean; summary: string }[] = [];
    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) results.push({ engine: 'PostgreSQL', ...(await benchEngine('PostgreSQL', () => openPostgresBenchDb(pgUrl, 'xapi_query'), count)) });
    else console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    if (withPglite) results.push({ engine: 'PGlite', ...(await benchEngine('PGlite', () => openPgliteBenchDb('xapi-query'), count)) });
    const pass = results.length > 0 && results.every((r) => r.pass);
    return { name: 'xapi-query', pass, summary: `xapi-query: ${fmtInt(count)} statements, ${results.map((r) => r.summary).join('; ')} ${verdict(pass)}` };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(xapiQueryBench);
