/**
 * Reports over 10,000 enrolments: the JSON report API (course report with filters, sorting and
 * a deep page, the overdue list, the course overview) and the CSV and XLSX exports of all rows,
 * timed through the whole application (buildApp + inject: routes, session check, zod,
 * serialisation) on PGlite and, when a PostgreSQL server is named, on PostgreSQL.
 * Users, enrolments and a group are inserted straight into the tables.
 *
 * The references in the same run: GET /healthz through the same app (what the HTTP stack costs)
 * and the plain SQL of one page of the course's enrolments (what the database costs at least).
 *
 * Target: every report and export answers in under 1 s (median of --runs).
 *
 *   npx tsx bench/reports.ts [--enrolments=10000] [--runs=5]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/reports.ts   # PostgreSQL too
 */
import { sql } from 'drizzle-orm';
import type { App } from '../src/app.js';
import { queryRows, type Db } from '../src/platform/db/client.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { openPgliteBenchDb, openPostgresBenchDb } from './lib/bench-databases.js';
import { startWatchdog } from './lib/cleanup.js';
import { withInProcessApp } from './lib/in-process-app.js';
import { fmtMs, intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

export const TARGET_MS = 1000;

const HOST = 'bench.test';
const PASSWORD = 'Correct-Horse-9';

interface Fixture {
  courseId: string;
  groupId: string;
  cookie: string;
}

/** One tenant, one course, `count` learners each enrolled with varied progress, half of them in a group. */
async function seed(db: Db, app: App, count: number): Promise<Fixture> {
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [HOST] });
  await createUser(db, tenant.id, { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
  const ids = await db.withTenant(tenant.id, async (tx) => {
    const [course] = await queryRows<{ id: string }>(tx, sql`insert into courses (title, status) values ('Benchmark course', 'published') returning id`);
    await tx.execute(sql`insert into courses (title, status) select 'Other course ' || i, 'published' from generate_series(1, 20) i`);
    const [group] = await queryRows<{ id: string }>(tx, sql`insert into groups (name) values ('Half') returning id`);
    await tx.execute(sql`
      insert into users (email, first_name, last_name, roles)
      select 'learner' || i || '@bench.test', 'First' || (i % 97), 'Last' || lpad(i::text, 6, '0'), '{learner}'
      from generate_series(1, ${count}) i`);
    // Statuses, scores, times and due dates spread over the rows; a quarter have passed their due date.
    await tx.execute(sql`
      insert into enrolments (course_id, user_id, due_at, enrolled_at, status, score_percent, time_spent_seconds, attempt_count,
                              first_access_at, last_access_at, completed_at)
      select ${course!.id}, u.id,
             case when n % 5 = 0 then null else now() + ((n % 120) - 30) * interval '1 day' end,
             now() - interval '60 days',
             (array['not_started','in_progress','completed','passed','failed'])[1 + n % 5],
             case when n % 5 in (2, 3, 4) then (n % 100)::real else null end,
             case when n % 5 = 0 then 0 else n % 7200 end,
             case when n % 5 = 0 then 0 else 1 + n % 3 end,
             case when n % 5 = 0 then null else now() - interval '30 days' end,
             case when n % 5 = 0 then null else now() - (n % 30) * interval '1 day' end,
             case when n % 5 in (2, 3) then now() - (n % 20) * interval '1 day' else null end
      from (select id, row_number() over (order by email) as n from users where email like 'learner%') u`);
    await tx.execute(sql`
      insert into group_members (group_id, user_id)
      select ${group!.id}, id from users where email like 'learner%' and right(split_part(email, '@', 1), 1) in ('0','2','4','6','8')`);
    return { courseId: course!.id, groupId: group!.id };
  });
  await db.owner.execute(sql`analyze`);
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: HOST }, payload: { email: 'admin@bench.test', password: PASSWORD } });
  const session = res.cookies.find((c) => c.name === 'lectern_session');
  if (res.statusCode !== 200 || !session) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return { ...ids, cookie: `lectern_session=${session.value}` };
}

interface Case {
  label: string;
  url: string;
  /** What the answer must hold, so a fast error is never mistaken for a fast report. */
  check: (body: Buffer, headers: Record<string, unknown>) => string | undefined;
}

function cases(f: Fixture, count: number): Case[] {
  const course = `/api/learn/reports/courses/${f.courseId}`;
  const json = (expectTotal: (total: number) => boolean) => (body: Buffer) => {
    const parsed = JSON.parse(body.toString()) as { total?: number; courses?: unknown[] };
    const total = parsed.total ?? parsed.courses?.length ?? -1;
    return expectTotal(total) ? undefined : `unexpected total ${total}`;
  };
  const file = (rows: number) => (body: Buffer, headers: Record<string, unknown>) =>
    Number(headers['x-report-rows']) === rows && body.length > rows * 20 ? undefined : `export of ${String(headers['x-report-rows'])} rows, ${body.length} bytes`;
  return [
    { label: 'course report, page 1 of 50 rows (+ total, counts per status)', url: course, check: json((t) => t === count) },
    { label: 'course report, status + search filter', url: `${course}?status=in_progress&q=Last0001`, check: json((t) => t > 0 && t < count) },
    { label: 'course report, group filter, sorted by score', url: `${course}?groupId=${f.groupId}&sort=score&order=desc`, check: json((t) => t > 0 && t < count) },
    { label: 'course report, due range + overdue only', url: `${course}?overdue=true&dueFrom=2000-01-01&dueTo=2999-12-31`, check: json((t) => t > 0) },
    { label: 'course report, last page (offset)', url: `${course}?sort=lastAccessAt&limit=50&offset=${Math.max(0, count - 50)}`, check: json((t) => t === count) },
    { label: 'overdue list across courses', url: '/api/learn/reports/overdue', check: json((t) => t > 0) },
    { label: 'course overview (counts per course)', url: '/api/learn/reports/courses', check: json((t) => t === 21) },
    { label: `CSV export (${count} rows)`, url: `${course}/export?format=csv`, check: file(count) },
    { label: `XLSX export (${count} rows)`, url: `${course}/export?format=xlsx`, check: file(count) },
  ];
}

async function time(app: App, cookie: string, c: Case, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: c.url, headers: { host: HOST, cookie } });
    const elapsed = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`${c.label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    const problem = c.check(res.rawPayload, res.headers);
    if (problem) throw new Error(`${c.label}: ${problem}`);
    if (i > 0) samples.push(elapsed); // the first run warms caches and compiles
  }
  return median(samples);
}

async function benchEngine(engine: string, openDb: () => Promise<{ db: Db; close: () => Promise<void> }>, count: number, runs: number) {
  return withInProcessApp('reports', openDb, async (app, db) => {
    const seededAt = performance.now();
    const fixture = await seed(db, app, count);
    console.log(`[${engine}] inserted ${count} users and enrolments in ${fmtMs(performance.now() - seededAt)}`);

    const healthz = await time(app, fixture.cookie, { label: 'healthz', url: '/healthz', check: () => undefined }, runs);
    const sqlSamples: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await db.owner.execute(sql`select * from enrolments where course_id = ${fixture.courseId} order by id limit 50`);
      if (i > 0) sqlSamples.push(performance.now() - started);
    }
    const rows: string[][] = [[`${engine}`, 'median', 'target', '']];
    let pass = true;
    let worst = 0;
    for (const c of cases(fixture, count)) {
      const ms = await time(app, fixture.cookie, c, runs);
      const ok = ms < TARGET_MS;
      pass &&= ok;
      worst = Math.max(worst, ms);
      rows.push([c.label, fmtMs(ms, 1), `< ${TARGET_MS} ms`, verdict(ok)]);
    }
    rows.push(['reference: GET /healthz through the same app', fmtMs(healthz, 2), '', '']);
    rows.push(['reference: plain SQL, one page of the course', fmtMs(median(sqlSamples), 2), '', '']);
    console.log(table(rows));
    return { pass, worst };
  });
}

export async function reportsBench(): Promise<BenchOutcome> {
  const count = intOption('enrolments', 10_000, 100, 200_000);
  const runs = intOption('runs', 5, 1, 50);
  const disarm = startWatchdog(20 * 60 * 1000, 'reports benchmark');
  console.log(`== Reports over ${count} enrolments: median of ${runs} runs after one warm-up, through buildApp + inject ==`);
  console.log(`machine load: ${machineLoad()}`);
  try {
    const results: { engine: string; pass: boolean; worst: number }[] = [];
    const pglite = await benchEngine(
      'PGlite',
      () => openPgliteBenchDb('reports'),
      count,
      runs,
    );
    results.push({ engine: 'PGlite', ...pglite });

    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) {
      const postgres = await benchEngine(
        'PostgreSQL',
        () => openPostgresBenchDb(pgUrl, 'reports'),
        count,
        runs,
      );
      results.push({ engine: 'PostgreSQL', ...postgres });
    } else {
      console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    }
    const pass = results.every((r) => r.pass);
    console.log(`Target: every report and export < ${TARGET_MS} ms -> ${verdict(pass)}`);
    return {
      name: 'reports',
      pass,
      summary: `reports: ${count} enrolments, slowest ${results.map((r) => `${r.engine} ${fmtMs(r.worst)}`).join(', ')} (target < ${TARGET_MS} ms) ${verdict(pass)}`,
    };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(reportsBench);
