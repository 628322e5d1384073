/**
 * Dashboards at the size of a large site: 10,000 learners, 200 published courses, 100,000
 * enrolments, 20 groups of 500 with a manager leading two of them (1,000 members, 10,000
 * enrolments), and one learner with 200 enrolments in 10 learning paths of 20 courses; one
 * learning path of 10 courses holds 2,000 learners. Timed through the whole application
 * (buildApp + inject: routes, session check, policies, zod, serialisation) on PGlite and, when a
 * PostgreSQL server is named, on PostgreSQL. The rows are inserted straight into the tables.
 *
 * The references in the same run: GET /healthz through the same app (what the HTTP stack costs)
 * and a plain SQL count per status over all enrolments (what one pass over them costs at least).
 *
 * Targets (p95 of --runs): the administrator's dashboard and the manager's team view < 300 ms;
 * the learner's dashboard < 100 ms.
 *
 *   npx tsx bench/dashboards.ts [--users=10000] [--runs=40]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboards.ts   # PostgreSQL too
 */
import { sql } from 'drizzle-orm';
import type { App } from '../src/app.js';
import { queryRows, type Db } from '../src/platform/db/client.js';
import { createUser } from '../src/platform/identity/users.service.js';
import { createTenant } from '../src/platform/tenancy/tenants.service.js';
import { openPgliteBenchDb, openPostgresBenchDb } from './lib/bench-databases.js';
import { startWatchdog } from './lib/cleanup.js';
import { injectedSignIn, withInProcessApp } from './lib/in-process-app.js';
import { fmtMs, intOption, isEntryPoint, machineLoad, median, runAsScript, table, verdict, type BenchOutcome } from './lib/report.js';

export const SITE_TARGET_MS = 300;
export const LEARNER_TARGET_MS = 100;

const HOST = 'bench.test';
const PASSWORD = 'Correct-Horse-9';
const COURSES = 200;
const PER_USER = 10;
const GROUPS = 20;
const LEARNER_ENROLMENTS = 200;
const LEARNER_PATHS = 10;
const BIG_PATH_LEARNERS = 2_000;

interface Sessions {
  admin: string;
  manager: string;
  learner: string;
}

interface Seeded extends Sessions {
  /** The learning path with BIG_PATH_LEARNERS learners. */
  bigPathId: string;
}

const signIn = (app: App, email: string) => injectedSignIn(app, HOST, email, PASSWORD);

/** The site: users, courses, enrolments with statuses, completions and due dates spread over them, groups and a manager. */
export async function seed(db: Db, app: App, users: number): Promise<Seeded> {
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [HOST] });
  await createUser(db, tenant.id, { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
  const manager = await createUser(db, tenant.id, { email: 'manager@bench.test', firstName: 'Mia', lastName: 'Manager', roles: ['manager'], password: PASSWORD });
  const learner = await createUser(db, tenant.id, { email: 'busy@bench.test', firstName: 'Bea', lastName: 'Busy', password: PASSWORD });
  await db.withTenant(tenant.id, async (tx) => {
    await tx.execute(sql`insert into courses (title, status) select 'Course ' || lpad(i::text, 3, '0'), 'published' from generate_series(1, ${COURSES}) i`);
    await tx.execute(sql`
      insert into users (email, first_name, last_name, roles)
      select 'learner' || lpad(i::text, 6, '0') || '@bench.test', 'First' || (i % 97), 'Last' || lpad(i::text, 6, '0'), '{learner}'
      from generate_series(1, ${users}) i`);
    // Each learner in PER_USER distinct courses; statuses, completions (last 90 days), accesses and due dates (a fifth overdue) spread.
    await tx.execute(sql`
      with c as (select id, (row_number() over (order by title) - 1)::int as i from courses),
           u as (select id, (row_number() over (order by email))::int as n from users where email like 'learner%')
      insert into enrolments (course_id, user_id, due_at, enrolled_at, status, score_percent, time_spent_seconds, attempt_count,
                              first_access_at, last_access_at, completed_at)
      select c.id, u.id,
             case when (u.n + k) % 4 = 0 then null else now() + (((u.n * 7 + k) % 150) - 30) * interval '1 day' end,
             now() - interval '120 days',
             (array['not_started','in_progress','completed','passed','failed'])[1 + (u.n + k) % 5],
             case when (u.n + k) % 5 in (2, 3, 4) then ((u.n + k * 11) % 100)::real else null end,
             case when (u.n + k) % 5 = 0 then 0 else (u.n * 31 + k) % 7200 end,
             case when (u.n + k) % 5 = 0 then 0 else 1 end,
             case when (u.n + k) % 5 = 0 then null else now() - interval '100 days' end,
             case when (u.n + k) % 5 = 0 then null else now() - ((u.n + k * 3) % 90) * interval '1 day' end,
             case when (u.n + k) % 5 in (2, 3) then now() - ((u.n * 3 + k) % 90) * interval '1 day' else null end
      from u cross join generate_series(0, ${PER_USER - 1}) k
      join c on c.i = (u.n * 13 + k * 20) % ${COURSES}`);
    await tx.execute(sql`insert into groups (name) select 'Department ' || lpad(i::text, 2, '0') from generate_series(0, ${GROUPS - 1}) i`);
    await tx.execute(sql`
      insert into group_members (group_id, user_id)
      select g.id, u.id
      from (select id, (row_number() over (order by email))::int as n from users where email like 'learner%') u
      join (select id, (row_number() over (order by name) - 1)::int as i from groups) g on g.i = u.n % ${GROUPS}`);
    await tx.execute(sql`
      insert into group_managers (group_id, user_id)
      select id, ${manager.id} from groups where name in ('Department 00', 'Department 01')`);
    await tx.execute(sql`
      insert into enrolments (course_id, user_id, status, due_at, last_access_at)
      select id, ${learner.id}, (array['not_started','in_progress','completed','passed','failed'])[1 + i % 5],
             now() + ((i % 60) - 10) * interval '1 day', case when i % 5 = 0 then null else now() - (i % 30) * interval '1 day' end
      from (select id, (row_number() over (order by title))::int as i from courses) c
      where i <= ${LEARNER_ENROLMENTS}`);
    // Learning paths: the busy learner's courses in LEARNER_PATHS paths (each course's prerequisite the one before it), and a path of the first 10 courses with BIG_PATH_LEARNERS learners.
    await tx.execute(sql`insert into learning_paths (title, due_at) select 'Path ' || lpad(i::text, 2, '0'), now() + i * interval '7 days' from generate_series(0, ${LEARNER_PATHS}) i`);
    await tx.execute(sql`
      with c as (select id, (row_number() over (order by title) - 1)::int as i from courses),
           p as (select id, (row_number() over (order by title) - 1)::int as i from learning_paths where title <> 'Path 00')
      insert into learning_path_courses (path_id, course_id, position, prerequisites)
      select p.id, c.id, c.i % 20,
             case when c.i % 20 = 0 then '{}'::uuid[] else array[(select c2.id from c c2 where c2.i = c.i - 1)] end
      from c join p on p.i = c.i / 20`);
    await tx.execute(sql`insert into learning_path_enrolments (path_id, user_id) select id, ${learner.id} from learning_paths where title <> 'Path 00'`);
    await tx.execute(sql`
      insert into learning_path_courses (path_id, course_id, position)
      select (select id from learning_paths where title = 'Path 00'), id, (row_number() over (order by title) - 1)::int
      from courses order by title limit 10`);
    await tx.execute(sql`
      insert into learning_path_enrolments (path_id, user_id)
      select (select id from learning_paths where title = 'Path 00'), id from users where email like 'learner%' order by email limit ${BIG_PATH_LEARNERS}`);
  });
  await db.owner.execute(sql`analyze`);
  const [bigPath] = await db.withTenant(tenant.id, (tx) => queryRows<{ id: string }>(tx, sql`select id from learning_paths where title = 'Path 00'`));
  return {
    admin: await signIn(app, 'admin@bench.test'),
    manager: await signIn(app, 'manager@bench.test'),
    learner: await signIn(app, 'busy@bench.test'),
    bigPathId: bigPath!.id,
  };
}

interface Case {
  label: string;
  url: string;
  who: keyof Sessions;
  target: number;
  /** What the answer must hold, so a fast error is never mistaken for a fast page. */
  check: (body: Record<string, unknown>) => string | undefined;
}

function cases(users: number, bigPathId: string): Case[] {
  const enrolments = users * PER_USER;
  const teamMembers = (2 * users) / GROUPS;
  const overviewOf = (total: number) => (body: Record<string, unknown>) => {
    const got = (body.enrolments as { total: number }).total;
    return got === total ? undefined : `overview counts ${got} enrolments, expected ${total}`;
  };
  const totalIs = (expected: (total: number) => boolean) => (body: Record<string, unknown>) => (expected(body.total as number) ? undefined : `unexpected total ${String(body.total)}`);
  return [
    { label: 'administrator dashboard (site overview)', url: '/api/learn/reports/overview', who: 'admin', target: SITE_TARGET_MS, check: overviewOf(enrolments + LEARNER_ENROLMENTS) },
    { label: 'manager dashboard (team overview)', url: '/api/learn/reports/overview', who: 'manager', target: SITE_TARGET_MS, check: overviewOf(teamMembers * PER_USER) },
    { label: 'manager team view: members, page 1', url: '/api/learn/team', who: 'manager', target: SITE_TARGET_MS, check: totalIs((t) => t === teamMembers) },
    { label: 'manager team view: only overdue', url: '/api/learn/team?overdueOnly=true', who: 'manager', target: SITE_TARGET_MS, check: totalIs((t) => t > 0 && t <= teamMembers) },
    { label: 'manager team view: overdue enrolments', url: '/api/learn/reports/overdue', who: 'manager', target: SITE_TARGET_MS, check: totalIs((t) => t > 0) },
    { label: 'administrator team view (every user)', url: '/api/learn/team', who: 'admin', target: SITE_TARGET_MS, check: totalIs((t) => t >= users) },
    {
      label: `learner dashboard (${LEARNER_ENROLMENTS} enrolments)`,
      url: '/api/learn/me/enrolments',
      who: 'learner',
      target: LEARNER_TARGET_MS,
      check: (body) => ((body.enrolments as unknown[]).length === LEARNER_ENROLMENTS ? undefined : `${(body.enrolments as unknown[]).length} enrolments`),
    },
    {
      label: `learner's learning paths (${LEARNER_PATHS} paths of 20 courses)`,
      url: '/api/learn/me/paths',
      who: 'learner',
      target: LEARNER_TARGET_MS,
      check: (body) => ((body.paths as unknown[]).length === LEARNER_PATHS ? undefined : `${(body.paths as unknown[]).length} paths`),
    },
    {
      label: `learning path's learners with progress (${BIG_PATH_LEARNERS})`,
      url: `/api/learn/paths/${bigPathId}/enrolments`,
      who: 'admin',
      target: SITE_TARGET_MS,
      check: (body) => ((body.enrolments as unknown[]).length === BIG_PATH_LEARNERS ? undefined : `${(body.enrolments as unknown[]).length} learners`),
    },
  ];
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

async function time(app: App, cookie: string, c: Pick<Case, 'label' | 'url' | 'check'>, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: c.url, headers: { host: HOST, cookie } });
    const elapsed = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`${c.label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    const problem = c.check(res.json());
    if (problem) throw new Error(`${c.label}: ${problem}`);
    if (i > 0) samples.push(elapsed); // the first run warms caches and compiles
  }
  return samples;
}

async function benchEngine(engine: string, openDb: () => Promise<{ db: Db; close: () => Promise<void> }>, users: number, runs: number) {
  return withInProcessApp('dashboards', openDb, async (app, db) => {
    const seededAt = performance.now();
    const sessions = await seed(db, app, users);
    const [count] = await queryRows<{ n: number }>(db.owner, sql`select count(*)::int as n from enrolments`);
    console.log(`[${engine}] inserted ${users} users and ${String(count?.n)} enrolments in ${fmtMs(performance.now() - seededAt)}`);

    const healthz = await time(app, sessions.admin, { label: 'healthz', url: '/healthz', check: () => undefined }, runs);
    const sqlSamples: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await db.owner.execute(sql`select status, count(*) from enrolments group by status`);
      if (i > 0) sqlSamples.push(performance.now() - started);
    }
    const rows: string[][] = [[engine, 'median', 'p95', 'target (p95)', '']];
    let pass = true;
    const worst: Record<'site' | 'learner', number> = { site: 0, learner: 0 };
    for (const c of cases(users, sessions.bigPathId)) {
      const samples = await time(app, sessions[c.who], c, runs);
      const at95 = p95(samples);
      const ok = at95 < c.target;
      pass &&= ok;
      const kind = c.who === 'learner' ? 'learner' : 'site';
      worst[kind] = Math.max(worst[kind], at95);
      rows.push([c.label, fmtMs(median(samples), 1), fmtMs(at95, 1), `< ${c.target} ms`, verdict(ok)]);
    }
    rows.push(['reference: GET /healthz through the same app', fmtMs(median(healthz), 2), fmtMs(p95(healthz), 2), '', '']);
    rows.push(['reference: plain SQL, enrolments per status (all)', fmtMs(median(sqlSamples), 2), fmtMs(p95(sqlSamples), 2), '', '']);
    console.log(table(rows));
    return { pass, worst };
  });
}

export async function dashboardsBench(): Promise<BenchOutcome> {
  const users = intOption('users', 10_000, 100, 100_000);
  const runs = intOption('runs', 40, 5, 500);
  const disarm = startWatchdog(20 * 60 * 1000, 'dashboards benchmark');
  console.log(`== Dashboards: ${users} learners x ${PER_USER} enrolments, ${COURSES} courses; p95 of ${runs} runs after one warm-up, through buildApp + inject ==`);
  console.log(`machine load: ${machineLoad()}`);
  try {
    const results: { engine: string; pass: boolean; worst: { site: number; learner: number } }[] = [];
    results.push({ engine: 'PGlite', ...(await benchEngine('PGlite', () => openPgliteBenchDb('dashboards'), users, runs)) });
    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) results.push({ engine: 'PostgreSQL', ...(await benchEngine('PostgreSQL', () => openPostgresBenchDb(pgUrl, 'dashboards'), users, runs)) });
    else console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    const pass = results.every((r) => r.pass);
    console.log(`Targets: dashboards and team view p95 < ${SITE_TARGET_MS} ms, learner dashboard p95 < ${LEARNER_TARGET_MS} ms -> ${verdict(pass)}`);
    return {
      name: 'dashboards',
      pass,
      summary: `dashboards: ${results.map((r) => `${r.engine} slowest p95 ${fmtMs(r.worst.site)} (< ${SITE_TARGET_MS}), learner ${fmtMs(r.worst.learner)} (< ${LEARNER_TARGET_MS})`).join('; ')} ${verdict(pass)}`,
    };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(dashboardsBench);
