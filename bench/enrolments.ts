/**
 * Enrolments at the size of a mid-sized company: a group tree (one company, ten departments)
 * with --members learners, timed through the whole application (buildApp + inject) on PGlite
 * and, when a PostgreSQL server is named, on PostgreSQL:
 *
 * - enrolling the company group (sub-groups included) in a course: every member enrolled;
 * - enrolling 1,000 users directly in one request;
 * - adding one member to a department while the company is enrolled in --courses courses
 *   (every one of those courses is brought in line in the same transaction);
 * - the admin list of a course with every member enrolled;
 * - a learner's dashboard with 30 enrolments, and the group list with member counts.
 *
 * The references in the same run: GET /healthz through the same app (what the HTTP stack costs)
 * and the plain SQL insert of the same number of enrolments (what the database costs at least).
 *
 *   npx tsx bench/enrolments.ts [--members=5000] [--courses=20] [--runs=5]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/enrolments.ts
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

const HOST = 'bench.test';
const PASSWORD = 'Correct-Horse-9';

interface Fixture {
  tenantId: string;
  companyId: string;
  departmentIds: string[];
  userIds: string[];
  adminCookie: string;
  learnerCookie: string;
}

const signIn = (app: App, email: string) => injectedSignIn(app, HOST, email, PASSWORD);

/** One tenant; `members` learners spread over ten departments of one company; 30 courses for one learner. */
async function seed(db: Db, app: App, members: number): Promise<Fixture> {
  const tenant = await createTenant(db, { slug: 'bench', name: 'Bench', hostnames: [HOST] });
  await createUser(db, tenant.id, { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: PASSWORD });
  const learner = await createUser(db, tenant.id, { email: 'lea@bench.test', firstName: 'Lea', lastName: 'Learner', roles: ['learner'], password: PASSWORD });
  const ids = await db.withTenant(tenant.id, async (tx) => {
    const [company] = await queryRows<{ id: string }>(tx, sql`insert into groups (name) values ('Company') returning id`);
    const departments = await queryRows<{ id: string }>(
      tx,
      sql`insert into groups (name, parent_id) select 'Department ' || i, ${company!.id}::uuid from generate_series(1, 10) i returning id`,
    );
    await tx.execute(sql`
      insert into users (email, first_name, last_name, roles)
      select 'learner' || i || '@bench.test', 'First' || (i % 97), 'Last' || lpad(i::text, 6, '0'), '{learner}'
      from generate_series(1, ${members}) i`);
    const users = await queryRows<{ id: string }>(tx, sql`select id from users where email like 'learner%' order by email`);
    const departmentIds = departments.map((d) => d.id);
    await tx.execute(sql`
      insert into group_members (group_id, user_id)
      select (${sql.raw(`array[${departmentIds.map((id) => `'${id}'::uuid`).join(',')}]`)})[1 + (n % 10)], id
      from (select id, row_number() over (order by email) as n from users where email like 'learner%') u`);
    // The learner's dashboard: 30 enrolments with due dates around now and mixed progress.
    await tx.execute(sql`
      with c as (insert into courses (title, status) select 'Dashboard course ' || i, 'published' from generate_series(1, 30) i returning id)
      insert into enrolments (course_id, user_id, due_at, status)
      select c.id, ${learner.id}::uuid, now() + ((row_number() over ()) - 10) * interval '1 day',
             (array['not_started','in_progress','completed','passed','failed'])[1 + (row_number() over ())::int % 5]
      from c`);
    return { companyId: company!.id, departmentIds, userIds: users.map((u) => u.id) };
  });
  await db.owner.execute(sql`analyze`);
  return { tenantId: tenant.id, ...ids, adminCookie: await signIn(app, 'admin@bench.test'), learnerCookie: await signIn(app, 'lea@bench.test') };
}

async function newCourse(db: Db, tenantId: string, title: string): Promise<string> {
  return db.withTenant(tenantId, async (tx) => {
    const [row] = await queryRows<{ id: string }>(tx, sql`insert into courses (title, status) values (${title}, 'published') returning id`);
    return row!.id;
  });
}

type Request = { method: 'GET' | 'POST'; url: string; payload?: object; cookie: string; expect: (body: string) => string | undefined };

async function timed(app: App, request: Request): Promise<number> {
  const started = performance.now();
  const res = await app.inject({ method: request.method, url: request.url, headers: { host: HOST, cookie: request.cookie }, ...(request.payload ? { payload: request.payload } : {}) });
  const elapsed = performance.now() - started;
  if (res.statusCode >= 300) throw new Error(`${request.method} ${request.url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const problem = request.expect(res.body);
  if (problem) throw new Error(`${request.method} ${request.url}: ${problem}`);
  return elapsed;
}

/** Median of `runs` timings after one warm-up; `make` builds a fresh request for every run. */
async function measure(app: App, runs: number, make: (run: number) => Promise<Request>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const ms = await timed(app, await make(i));
    if (i > 0) samples.push(ms);
  }
  return median(samples);
}

const createdCount = (expected: number) => (body: string) => {
  const n = (JSON.parse(body) as { created: unknown[] }).created.length;
  return n === expected ? undefined : `created ${n}, expected ${expected}`;
};

async function benchEngine(engine: string, openDb: () => Promise<{ db: Db; close: () => Promise<void> }>, members: number, courses: number, runs: number) {
  return withInProcessApp('enrolments', openDb, async (app, db) => {
    const seededAt = performance.now();
    const f = await seed(db, app, members);
    console.log(`[${engine}] inserted ${members} learners in 10 departments in ${fmtMs(performance.now() - seededAt)}`);
    const admin = f.adminCookie;
    const bulk = Math.min(1000, members);
    const results: { label: string; ms: number; target: number }[] = [];
    const run = async (label: string, target: number, make: (run: number) => Promise<Request>) => {
      results.push({ label, ms: await measure(app, runs, make), target });
    };

    await run(`enrol the company group: ${members} enrolments`, 1000, async (i) => ({
      method: 'POST',
      url: `/api/learn/courses/${await newCourse(db, f.tenantId, `Group course ${i}`)}/group-enrolments`,
      payload: { groupId: f.companyId },
      cookie: admin,
      expect: createdCount(members),
    }));
    await run(`enrol ${bulk} users directly in one request`, 1000, async (i) => ({
      method: 'POST',
      url: `/api/learn/courses/${await newCourse(db, f.tenantId, `Bulk course ${i}`)}/enrolments`,
      payload: { userIds: f.userIds.slice(0, bulk), dueAt: '2030-12-31T23:59:59Z' },
      cookie: admin,
      expect: createdCount(bulk),
    }));

    // The company enrolled in `courses` courses (some created above already).
    for (let i = 0; i < courses; i++) {
      await timed(app, { method: 'POST', url: `/api/learn/courses/${await newCourse(db, f.tenantId, `Mandatory ${i}`)}/group-enrolments`, payload: { groupId: f.companyId }, cookie: admin, expect: () => undefined });
    }
    const newcomers = await db.withTenant(f.tenantId, (tx) =>
      queryRows<{ id: string }>(tx, sql`insert into users (email, first_name, last_name) select 'new' || i || '@bench.test', 'New', 'Member' || i from generate_series(0, ${runs}) i returning id`),
    );
    const totalCourses = courses + runs + 1;
    await run(`add a member to a department (company enrolled in ${totalCourses} courses)`, 1000, async (i) => ({
      method: 'POST',
      url: `/api/admin/groups/${f.departmentIds[i % 10]!}/members`,
      payload: { userIds: [newcomers[i]!.id] },
      cookie: admin,
      expect: (body) => ((JSON.parse(body) as { changed: number }).changed === 1 ? undefined : body),
    }));
    const [listed] = await db.withTenant(f.tenantId, (tx) => queryRows<{ id: string }>(tx, sql`select id from courses where title = 'Mandatory 0'`));
    await run(`admin list of a course (${members + runs + 1} enrolments)`, 1000, async () => ({
      method: 'GET',
      url: `/api/learn/courses/${listed!.id}/enrolments`,
      cookie: admin,
      expect: (body) => ((JSON.parse(body) as { enrolments: unknown[] }).enrolments.length >= members ? undefined : 'too few rows'),
    }));
    await run('learner dashboard (30 enrolments)', 100, async () => ({
      method: 'GET',
      url: '/api/learn/me/enrolments',
      cookie: f.learnerCookie,
      expect: (body) => ((JSON.parse(body) as { enrolments: unknown[] }).enrolments.length === 30 ? undefined : 'not 30 rows'),
    }));
    await run('group list with member counts (11 groups)', 100, async () => ({
      method: 'GET',
      url: '/api/admin/groups',
      cookie: admin,
      expect: (body) => ((JSON.parse(body) as { groups: unknown[] }).groups.length === 11 ? undefined : 'not 11 groups'),
    }));

    const healthz = await measure(app, runs, async () => ({ method: 'GET', url: '/healthz', cookie: '', expect: () => undefined }));
    const sqlSamples: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const courseId = await newCourse(db, f.tenantId, `SQL course ${i}`);
      const started = performance.now();
      await db.withTenant(f.tenantId, (tx) => tx.execute(sql`insert into enrolments (course_id, user_id) select ${courseId}::uuid, id from users where email like 'learner%'`));
      if (i > 0) sqlSamples.push(performance.now() - started);
    }

    const rows: string[][] = [[engine, 'median', 'target', '']];
    let pass = true;
    let worst = { label: '', ratio: 0 };
    for (const r of results) {
      const ok = r.ms < r.target;
      pass &&= ok;
      if (r.ms / r.target > worst.ratio) worst = { label: `${r.label} ${fmtMs(r.ms)}`, ratio: r.ms / r.target };
      rows.push([r.label, fmtMs(r.ms, 1), `< ${r.target} ms`, verdict(ok)]);
    }
    rows.push(['reference: GET /healthz through the same app', fmtMs(healthz, 2), '', '']);
    rows.push([`reference: plain SQL insert of ${members} enrolments`, fmtMs(median(sqlSamples), 1), '', '']);
    console.log(table(rows));
    return { pass, worst: worst.label };
  });
}

export async function enrolmentsBench(): Promise<BenchOutcome> {
  const members = intOption('members', 5000, 100, 100_000);
  const courses = intOption('courses', 20, 1, 200);
  const runs = intOption('runs', 5, 1, 50);
  const disarm = startWatchdog(20 * 60 * 1000, 'enrolments benchmark');
  console.log(`== Enrolments with ${members} learners: median of ${runs} runs after one warm-up, through buildApp + inject ==`);
  console.log(`machine load: ${machineLoad()}`);
  try {
    const results: { engine: string; pass: boolean; worst: string }[] = [];
    results.push({
      engine: 'PGlite',
      ...(await benchEngine(
        'PGlite',
        () => openPgliteBenchDb('enrolments'),
        members,
        courses,
        runs,
      )),
    });
    const pgUrl = process.env.BENCH_PG_URL;
    if (pgUrl) {
      results.push({
        engine: 'PostgreSQL',
        ...(await benchEngine(
          'PostgreSQL',
          () => openPostgresBenchDb(pgUrl, 'enrolments'),
          members,
          courses,
          runs,
        )),
      });
    } else {
      console.log('BENCH_PG_URL is not set: PostgreSQL skipped.');
    }
    const pass = results.every((r) => r.pass);
    console.log(`Target: every case under its target -> ${verdict(pass)}`);
    return {
      name: 'enrolments',
      pass,
      summary: `enrolments: ${members} learners, closest to its target ${results.map((r) => `${r.engine}: ${r.worst}`).join('; ')} ${verdict(pass)}`,
    };
  } finally {
    disarm();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript(enrolmentsBench);
