import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { groupMembers, groups } from '../../platform/groups/groups.schema.js';
import { createApiToken } from '../../platform/identity/api-tokens/api-tokens.service.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { enrolments } from '../enrolments/enrolments.schema.js';
import type { CourseOverviewView, CourseReportView, LearnerReportView, OverdueReportView } from './reports.contract.js';
import { prepareExport } from './reports.service.js';

const DAY = 86_400_000;

describe(`reports (${engine})`, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  let host: string;
  let admin: string;
  let adminUser: Awaited<ReturnType<typeof createUser>>;
  let courseId: string;
  let otherCourseId: string;
  let foreignCourseId: string;
  const learners: Record<string, string> = {};
  let groupId: string;
  let subgroupId: string;

  const get = async <T>(url: string, cookie = admin, headers: Record<string, string> = {}) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { host, cookie, ...headers } });
    return { res, body: res.json() as T };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const site = await createTenantWithUser(ctx.db, 'acme');
    tenant = site.tenant;
    host = site.host;
    admin = await signInCookie(ctx.app, host, site.email, PASSWORD);
    const [adminRow] = await queryRows<{ id: string }>(ctx.db.owner, sql`select id from users where tenant_id = ${tenant.id} and email = ${site.email}`);
    adminUser = { id: adminRow!.id, tenantId: tenant.id, email: site.email, firstName: 'Ada', lastName: 'acme', roles: ['admin'], status: 'active', passwordChangeRequired: false };

    courseId = (await createScormCourse(ctx.db, tenant.id, { title: 'Fire safety' })).courseId;
    otherCourseId = (await createScormCourse(ctx.db, tenant.id, { title: 'Data protection' })).courseId;
    const other = await createTenantWithUser(ctx.db, 'globex');
    foreignCourseId = (await createScormCourse(ctx.db, other.tenant.id, { title: 'Globex secrets' })).courseId;

    const people: [string, string, string][] = [
      ['anna', 'Anna', 'Berger'],
      ['bob', 'Bob', 'Carter'],
      ['cleo', 'Cleo', 'Dorn'],
      ['dave', 'Dave', 'Evans'],
      ['evil', '@cmd', '=HYPERLINK("http://evil.test","x")'],
      ['quote', 'Jo "JJ"', "O'Neil, Jr."],
    ];
    for (const [key, firstName, lastName] of people) {
      learners[key] = (await createUser(ctx.db, tenant.id, { email: `${key}@acme.test`, firstName, lastName, password: PASSWORD })).id;
    }
    const now = Date.now();
    const progress: Record<string, Partial<typeof enrolments.$inferInsert>> = {
      anna: { status: 'passed', scorePercent: 92.5, timeSpentSeconds: 3725, attemptCount: 2, completedAt: new Date(now - 2 * DAY), firstAccessAt: new Date(now - 5 * DAY), lastAccessAt: new Date(now - 2 * DAY) },
      bob: { status: 'in_progress', timeSpentSeconds: 600, attemptCount: 1, firstAccessAt: new Date(now - DAY), lastAccessAt: new Date(now - DAY) },
      cleo: { status: 'failed', scorePercent: 40, timeSpentSeconds: 1200, attemptCount: 3 },
      dave: {},
      evil: { status: 'completed' },
      quote: {},
    };
    const due: Record<string, Date | null> = {
      anna: new Date(now - 3 * DAY), // passed: never overdue
      bob: new Date(now - DAY), // overdue
      cleo: new Date(now + 10 * DAY),
      dave: new Date(now - 20 * DAY), // overdue
      evil: null,
      quote: new Date(now + 40 * DAY),
    };
    for (const key of Object.keys(progress)) {
      const id = await enrolDirectly(ctx.db, tenant.id, courseId, learners[key]!, due[key]!);
      if (Object.keys(progress[key]!).length > 0) {
        await ctx.db.withTenant(tenant.id, (tx) => tx.update(enrolments).set(progress[key]!).where(eq(enrolments.id, id)));
      }
    }
    await enrolDirectly(ctx.db, tenant.id, otherCourseId, learners.anna!, new Date(now - 7 * DAY));

    await ctx.db.withTenant(tenant.id, async (tx) => {
      const [g] = await tx.insert(groups).values({ name: 'Sales' }).returning({ id: groups.id });
      const [s] = await tx.insert(groups).values({ name: 'Sales North', parentId: g!.id }).returning({ id: groups.id });
      groupId = g!.id;
      subgroupId = s!.id;
      await tx.insert(groupMembers).values([
        { groupId, userId: learners.anna! },
        { groupId: subgroupId, userId: learners.bob! },
      ]);
    });
  });
  afterAll(() => ctx.close());

  it('lists every learner of a course with status, score, time, attempts, dates and counts per status', async () => {
    const { res, body } = await get<CourseReportView>(`/api/learn/reports/courses/${courseId}`);
    expect(res.statusCode).toBe(200);
    expect(body.course).toMatchObject({ id: courseId, title: 'Fire safety', status: 'published' });
    expect(body.total).toBe(6);
    expect(body.rows.map((r) => r.lastName)).toEqual(['=HYPERLINK("http://evil.test","x")', 'Berger', 'Carter', 'Dorn', 'Evans', "O'Neil, Jr."]);
    const anna = body.rows.find((r) => r.email === 'anna@acme.test')!;
    expect(anna).toMatchObject({ status: 'passed', scorePercent: 92.5, timeSpentSeconds: 3725, attemptCount: 2, overdue: false, courseTitle: 'Fire safety' });
    expect(anna.completedAt).not.toBeNull();
    expect(body.rows.find((r) => r.email === 'bob@acme.test')).toMatchObject({ status: 'in_progress', overdue: true, scorePercent: null });
    expect(body.summary).toEqual({ total: 6, not_started: 2, in_progress: 1, completed: 1, passed: 1, failed: 1, overdue: 2 });
  });

  it('filters by status, group (with sub-groups), due range, overdue and name or e-mail, and pages with a total', async () => {
    const base = `/api/learn/reports/courses/${courseId}`;
    const emails = (view: CourseReportView) => view.rows.map((r) => r.email).sort();

    const one = await get<CourseReportView>(`${base}?status=failed`);
    expect(emails(one.body)).toEqual(['cleo@acme.test']);
    // The chart keeps showing all statuses while the table is filtered.
    expect(one.body.summary.total).toBe(6);

    const two = await get<CourseReportView>(`${base}?status=passed&status=completed`);
    expect(emails(two.body)).toEqual(['anna@acme.test', 'evil@acme.test']);

    const group = await get<CourseReportView>(`${base}?groupId=${groupId}`);
    expect(emails(group.body)).toEqual(['anna@acme.test', 'bob@acme.test']);
    expect(group.body.summary).toMatchObject({ total: 2, passed: 1, in_progress: 1 });
    const sub = await get<CourseReportView>(`${base}?groupId=${subgroupId}`);
    expect(emails(sub.body)).toEqual(['bob@acme.test']);

    const overdue = await get<CourseReportView>(`${base}?overdue=true`);
    expect(emails(overdue.body)).toEqual(['bob@acme.test', 'dave@acme.test']);

    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * DAY).toISOString().slice(0, 10);
    const range = await get<CourseReportView>(`${base}?dueFrom=${day(-2)}&dueTo=${day(11)}`);
    expect(emails(range.body)).toEqual(['bob@acme.test', 'cleo@acme.test']);

    expect(emails((await get<CourseReportView>(`${base}?q=carter`)).body)).toEqual(['bob@acme.test']);
    expect(emails((await get<CourseReportView>(`${base}?q=${encodeURIComponent('Cleo Do')}`)).body)).toEqual(['cleo@acme.test']);
    expect(emails((await get<CourseReportView>(`${base}?q=dave@`)).body)).toEqual(['dave@acme.test']);
    // A % typed by the user is a character, not a wildcard.
    expect((await get<CourseReportView>(`${base}?q=%25`)).body.total).toBe(0);

    const page = await get<CourseReportView>(`${base}?sort=score&order=desc&limit=2&offset=0`);
    expect(page.body.total).toBe(6);
    expect(page.body.rows.map((r) => r.scorePercent)).toEqual([92.5, 40]);
    const next = await get<CourseReportView>(`${base}?sort=score&order=desc&limit=2&offset=2`);
    expect(next.body.rows.map((r) => r.scorePercent)).toEqual([null, null]);
  });

  it('refuses bad filters naming the field', async () => {
    const base = `/api/learn/reports/courses/${courseId}`;
    const cases: [string, string][] = [
      ['?status=finished', 'status'],
      ['?dueFrom=2026-13-01', 'dueFrom'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?sort=password', 'sort'],
      ['?groupId=not-a-uuid', 'groupId'],
      ['?overdue=maybe', 'overdue'],
      ['?dueFrom=2026-05-02&dueTo=2026-05-01', 'dueTo'],
      ['/export?format=pdf', 'format'],
      ['/export', 'format'],
    ];
    for (const [suffix, field] of cases) {
      const { res, body } = await get<{ error: { code: string; fields: { field: string }[] } }>(`${base}${suffix}`);
      expect(res.statusCode, suffix).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.fields.map((f) => f.field)).toContain(`query.${field}`);
    }
    const bad = await get<{ error: { code: string } }>('/api/learn/reports/courses/12345');
    expect(bad.res.statusCode).toBe(400);
  });

  it('learners cannot read reports; signed-out requests are refused; managers can', async () => {
    const learner = await signInCookie(ctx.app, host, 'anna@acme.test', PASSWORD);
    for (const url of [
      `/api/learn/reports/courses/${courseId}`,
      `/api/learn/reports/courses/${courseId}/export?format=csv`,
      `/api/learn/reports/learners/${learners.anna}`,
      '/api/learn/reports/overdue',
      '/api/learn/reports/courses',
    ]) {
      const { res, body } = await get<{ error: { code: string } }>(url, learner);
      expect(res.statusCode, url).toBe(403);
      expect(body.error.code).toBe('AUTH_FORBIDDEN');
      expect((await get<{ error: { code: string } }>(url, '')).res.statusCode).toBe(401);
    }
    await createUser(ctx.db, tenant.id, { email: 'mia@acme.test', firstName: 'Mia', lastName: 'Manager', roles: ['manager'], password: PASSWORD });
    const manager = await signInCookie(ctx.app, host, 'mia@acme.test', PASSWORD);
    expect((await get(`/api/learn/reports/courses/${courseId}`, manager)).res.statusCode).toBe(200);
    // Mia leads no group: a learner or an enrolment of the site is not hers to see.
    const [annaEnrolment] = await queryRows<{ id: string }>(ctx.db.owner, sql`select id from enrolments where user_id = ${learners.anna!} and course_id = ${courseId}`);
    expect((await get<{ error: { code: string } }>(`/api/learn/reports/enrolments/${annaEnrolment!.id}/attempts`, manager)).body.error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');
    expect((await get<{ error: { code: string } }>(`/api/learn/reports/learners/${learners.anna}`, manager)).body.error.code).toBe('USER_NOT_FOUND');
  });

  it("another tenant's course or an unknown learner is not found", async () => {
    for (const url of [`/api/learn/reports/courses/${foreignCourseId}`, `/api/learn/reports/courses/${foreignCourseId}/export?format=xlsx`]) {
      const { res, body } = await get<{ error: { code: string } }>(url);
      expect(res.statusCode).toBe(404);
      expect(body.error.code).toBe('LEARN_COURSE_NOT_FOUND');
    }
    const unknown = await get<{ error: { code: string } }>(`/api/learn/reports/learners/${crypto.randomUUID()}`);
    expect(unknown.res.statusCode).toBe(404);
    expect(unknown.body.error.code).toBe('USER_NOT_FOUND');
  });

  it('exports CSV with BOM, a header in the request language, quoting and formula injection neutralised', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/learn/reports/courses/${courseId}/export?format=csv`, headers: { host, cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="report-fire-safety-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.rawPayload.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Last name,First name,E-mail,Account,Status,Score (%),Time spent (h:mm:ss),Attempts,Enrolled (UTC),Due (UTC),First access (UTC),Last access (UTC),Completed (UTC),Overdue',
    );
    expect(lines).toHaveLength(6 + 2); // header, six rows, the empty string after the last line break
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.test"",""x""\)",'@cmd,evil@acme\.test,active,Completed,,0:00:00,0,/);
    expect(lines[2]).toMatch(/^Berger,Anna,anna@acme\.test,active,Passed,92\.5,1:02:05,2,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
    expect(lines[6]).toMatch(/^"O'Neil, Jr\.","Jo ""JJ""",quote@acme\.test,/);
    expect(lines[3]).toMatch(/,yes$/);

    const german = await ctx.app.inject({
      method: 'GET',
      url: `/api/learn/reports/courses/${courseId}/export?format=csv&status=passed`,
      headers: { host, cookie: admin, 'accept-language': 'de-DE,de;q=0.9' },
    });
    const germanLines = german.rawPayload.toString('utf8').slice(1).split('\r\n');
    expect(germanLines[0]).toMatch(/^Nachname;Vorname;E-Mail;Konto;Status;Ergebnis \(%\);Bearbeitungszeit/);
    expect(germanLines[1]).toMatch(/^Berger;Anna;anna@acme\.test;aktiv;Bestanden;92,5;1:02:05;2;/);
    expect(germanLines).toHaveLength(3);
    // ?lang wins over Accept-Language (browser downloads send the browser's language, not the UI's).
    const english = await ctx.app.inject({
      method: 'GET',
      url: `/api/learn/reports/courses/${courseId}/export?format=csv&lang=en`,
      headers: { host, cookie: admin, 'accept-language': 'de' },
    });
    expect(english.rawPayload.toString('utf8')).toContain('Last name,First name');

    const audit = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ details: { report: string; format: string; rows: number } }>(tx, sql`select details from audit_events where action = 'report.exported' order by id`),
    );
    expect(audit.map((a) => a.details)).toContainEqual({ report: 'course', format: 'csv', rows: 6 });
  });

  it('exports XLSX that opens with exceljs and holds typed rows', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/learn/reports/courses/${courseId}/export?format=xlsx&sort=name`,
      headers: { host, cookie: admin, 'accept-language': 'de' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/filename="report-fire-safety-.*\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Fire safety');
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getRow(1).getCell(1).value).toBe('Nachname');
    const anna = sheet.getRow(3);
    expect(anna.getCell(1).value).toBe('Berger');
    expect(anna.getCell(5).value).toBe('Bestanden');
    expect(anna.getCell(6).value).toBe(92.5);
    // A duration: exceljs reads the h:mm:ss cell back as a time of day on Excel's day zero.
    expect(anna.getCell(7).numFmt).toBe('[h]:mm:ss');
    expect((anna.getCell(7).value as Date).toISOString()).toBe('1899-12-30T01:02:05.000Z');
    expect(anna.getCell(9).value).toBeInstanceOf(Date);
    // Text stays text: no formula is ever written.
    expect(sheet.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://evil.test","x")');
    expect(sheet.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.String);
  });

  it("reports a learner's courses and the overdue list across courses", async () => {
    const learner = await get<LearnerReportView>(`/api/learn/reports/learners/${learners.anna}`);
    expect(learner.res.statusCode).toBe(200);
    expect(learner.body.learner).toMatchObject({ email: 'anna@acme.test', firstName: 'Anna', lastName: 'Berger' });
    expect(learner.body.rows.map((r) => [r.courseTitle, r.status, r.overdue])).toEqual([
      ['Data protection', 'not_started', true],
      ['Fire safety', 'passed', false],
    ]);
    expect(learner.body.summary).toMatchObject({ total: 2, passed: 1, not_started: 1, overdue: 1 });
    expect((await get<LearnerReportView>(`/api/learn/reports/learners/${learners.anna}?q=fire`)).body.rows).toHaveLength(1);

    const overdue = await get<OverdueReportView>('/api/learn/reports/overdue');
    expect(overdue.body.total).toBe(3);
    // Longest overdue first.
    expect(overdue.body.rows.map((r) => `${r.firstName}/${r.courseTitle}`)).toEqual(['Dave/Fire safety', 'Anna/Data protection', 'Bob/Fire safety']);
    expect((await get<OverdueReportView>(`/api/learn/reports/overdue?courseId=${courseId}`)).body.total).toBe(2);
    expect((await get<OverdueReportView>('/api/learn/reports/overdue?q=data%20prot')).body.rows.map((r) => r.firstName)).toEqual(['Anna']);
    expect((await get<OverdueReportView>(`/api/learn/reports/overdue?groupId=${groupId}`)).body.total).toBe(2);

    const csv = await ctx.app.inject({ method: 'GET', url: '/api/learn/reports/overdue/export?format=csv', headers: { host, cookie: admin } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/filename="overdue-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(csv.rawPayload.toString('utf8').split('\r\n')).toHaveLength(3 + 2);

    const learnerXlsx = await ctx.app.inject({ method: 'GET', url: `/api/learn/reports/learners/${learners.anna}/export?format=xlsx`, headers: { host, cookie: admin } });
    expect(learnerXlsx.headers['content-disposition']).toMatch(/filename="report-berger-anna-/);
  });

  it('the course overview counts each course per status', async () => {
    const { body } = await get<CourseOverviewView>('/api/learn/reports/courses');
    expect(body.courses.map((c) => [c.title, c.summary.total, c.summary.passed, c.summary.overdue])).toEqual([
      ['Data protection', 1, 0, 1],
      ['Fire safety', 6, 1, 2],
    ]);
  });

  it('an API token with reports:read may read and export; one without that scope may not', async () => {
    const reader = await createApiToken(ctx.db, tenant, adminUser, { name: 'BI', scopes: ['reports:read'], expiresInDays: 30 }, { ip: '127.0.0.1', userAgent: null });
    const other = await createApiToken(ctx.db, tenant, adminUser, { name: 'Publish', scopes: ['content:publish'], expiresInDays: 30 }, { ip: '127.0.0.1', userAgent: null });
    const ok = await ctx.app.inject({ method: 'GET', url: `/api/learn/reports/courses/${courseId}/export?format=csv`, headers: { host, authorization: `Bearer ${reader.token}` } });
    expect(ok.statusCode).toBe(200);
    const refused = await ctx.app.inject({ method: 'GET', url: `/api/learn/reports/courses/${courseId}`, headers: { host, authorization: `Bearer ${other.token}` } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'AUTH_TOKEN_SCOPE' } });
  });

  it('an export larger than allowed is refused before anything is sent', async () => {
    await expect(
      prepareExport(ctx.db, tenant.id, adminUser, { kind: 'course', courseId, query: { sort: 'name', order: 'asc' } }, { ip: '127.0.0.1', userAgent: null, format: 'csv' }, { maxRows: 5 }),
    ).rejects.toMatchObject({ code: 'LEARN_REPORT_TOO_LARGE' });
  });
});
