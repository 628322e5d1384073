import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import type { GroupView } from '../../platform/groups/groups.contract.js';
import { groupMembers, groups } from '../../platform/groups/groups.schema.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { enrolments } from '../enrolments/enrolments.schema.js';
import { weekStart } from '../reports/overview.service.js';
import type { CourseOverviewView, CourseReportView, OverdueReportView, OverviewView } from '../reports/reports.contract.js';
import type { RemindView, TeamView } from './team.contract.js';

const DAY = 86_400_000;

describe(`team view, manager scope and remind now (${engine})`, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  let host: string;
  let admin: string;
  let manager: string;
  let idleManager: string;
  let managerId: string;
  let courseId: string;
  let otherCourseId: string;
  let salesId: string;
  let northId: string;
  let supportId: string;
  let foreignEnrolmentId: string;
  const people: Record<string, string> = {};
  const enrolled: Record<string, string> = {};

  const call = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: unknown) => {
    const res = await ctx.app.inject({ method, url, headers: { host, cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { res, body: res.json() as T };
  };
  const mailsTo = (address: string) =>
    queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from jobs where kind = 'mail.send' and payload->>'to' = ${address} and payload->>'template' like 'learn.%'`).then((r) =>
      Number(r[0]!.n),
    );

  beforeAll(async () => {
    ctx = await createTestApp();
    const site = await createTenantWithUser(ctx.db, 'acme');
    tenant = site.tenant;
    host = site.host;
    admin = await signInCookie(ctx.app, host, site.email, PASSWORD);
    managerId = (await createUser(ctx.db, tenant.id, { email: 'mia@acme.test', firstName: 'Mia', lastName: 'Manager', roles: ['manager'], password: PASSWORD })).id;
    await createUser(ctx.db, tenant.id, { email: 'max@acme.test', firstName: 'Max', lastName: 'Idle', roles: ['manager'], password: PASSWORD });
    manager = await signInCookie(ctx.app, host, 'mia@acme.test', PASSWORD);
    idleManager = await signInCookie(ctx.app, host, 'max@acme.test', PASSWORD);
    for (const [key, firstName, lastName] of [
      ['anna', 'Anna', 'Berger'],
      ['bob', 'Bob', 'Carter'],
      ['cleo', 'Cleo', 'Dorn'],
      ['gone', 'Gus', 'Gone'],
    ] as const) {
      people[key] = (await createUser(ctx.db, tenant.id, { email: `${key}@acme.test`, firstName, lastName, password: PASSWORD })).id;
    }
    courseId = (await createScormCourse(ctx.db, tenant.id, { title: 'Fire safety' })).courseId;
    otherCourseId = (await createScormCourse(ctx.db, tenant.id, { title: 'Data protection' })).courseId;
    const now = Date.now();
    enrolled.anna = await enrolDirectly(ctx.db, tenant.id, courseId, people.anna!, new Date(now - 3 * DAY));
    enrolled.annaOther = await enrolDirectly(ctx.db, tenant.id, otherCourseId, people.anna!, null);
    enrolled.bob = await enrolDirectly(ctx.db, tenant.id, courseId, people.bob!, new Date(now + 10 * DAY));
    enrolled.cleo = await enrolDirectly(ctx.db, tenant.id, courseId, people.cleo!, new Date(now - DAY));
    enrolled.gone = await enrolDirectly(ctx.db, tenant.id, courseId, people.gone!, new Date(now - DAY));
    await ctx.db.withTenant(tenant.id, async (tx) => {
      await tx.update(enrolments).set({ status: 'passed', completedAt: new Date(now - 2 * DAY), lastAccessAt: new Date(now - 2 * DAY) }).where(eq(enrolments.id, enrolled.annaOther!));
      await tx.update(enrolments).set({ status: 'in_progress', lastAccessAt: new Date(now - DAY) }).where(eq(enrolments.id, enrolled.bob!));
      await tx.execute(sql`update users set status = 'deactivated' where id = ${people.gone!}`);
      const [sales] = await tx.insert(groups).values({ name: 'Sales' }).returning({ id: groups.id });
      const [north] = await tx.insert(groups).values({ name: 'Sales North', parentId: sales!.id }).returning({ id: groups.id });
      const [support] = await tx.insert(groups).values({ name: 'Support' }).returning({ id: groups.id });
      [salesId, northId, supportId] = [sales!.id, north!.id, support!.id];
      await tx.insert(groupMembers).values([
        { groupId: salesId, userId: people.anna! },
        { groupId: northId, userId: people.bob! },
        { groupId: northId, userId: people.gone! },
        { groupId: supportId, userId: people.cleo! },
      ]);
    });
    const other = await createTenantWithUser(ctx.db, 'globex');
    const foreignCourse = (await createScormCourse(ctx.db, other.tenant.id, { title: 'Globex' })).courseId;
    const foreignLearner = await createUser(ctx.db, other.tenant.id, { email: 'x@globex.test', firstName: 'X', lastName: 'Y', password: PASSWORD });
    foreignEnrolmentId = await enrolDirectly(ctx.db, other.tenant.id, foreignCourse, foreignLearner.id, new Date(now - DAY));
  });
  afterAll(() => ctx.close());

  it('an administrator makes a manager lead a group; learners cannot lead, unknown users are refused, and the change is audited', async () => {
    const learner = await call<{ error: { code: string; fields: { field: string }[] } }>('PUT', `/api/admin/groups/${salesId}/managers`, admin, { userIds: [people.anna] });
    expect(learner.res.statusCode).toBe(409);
    expect(learner.body.error.code).toBe('GROUP_MANAGER_ROLE_REQUIRED');
    expect(learner.body.error.fields[0]!.field).toBe('userIds.0');
    const unknown = await call<{ error: { code: string } }>('PUT', `/api/admin/groups/${salesId}/managers`, admin, { userIds: [managerId, crypto.randomUUID()] });
    expect(unknown.body.error.code).toBe('GROUP_UNKNOWN_USER');
    expect((await call('PUT', `/api/admin/groups/${salesId}/managers`, manager, { userIds: [managerId] })).res.statusCode).toBe(403);

    const set = await call<GroupView>('PUT', `/api/admin/groups/${salesId}/managers`, admin, { userIds: [managerId] });
    expect(set.res.statusCode).toBe(200);
    expect(set.body.managers).toEqual([{ userId: managerId, firstName: 'Mia', lastName: 'Manager', email: 'mia@acme.test' }]);
    const [audit] = await queryRows<{ details: { added: string[] } }>(ctx.db.owner, sql`select details from audit_events where action = 'group.managers_changed' and target_id = ${salesId}`);
    expect(audit!.details.added).toEqual([managerId]);
    const list = await call<{ groups: GroupView[] }>('GET', '/api/admin/groups', admin);
    expect(list.body.groups.find((g) => g.id === salesId)!.managers.map((m) => m.userId)).toEqual([managerId]);
  });

  it("a manager's team is the members of the groups they lead and of the groups inside them", async () => {
    const { res, body } = await call<TeamView>('GET', '/api/learn/team', manager);
    expect(res.statusCode).toBe(200);
    expect(body.scope).toBe('team');
    expect(body.groups).toEqual([{ id: salesId, name: 'Sales' }]);
    expect(body.members.map((m) => m.email)).toEqual(['anna@acme.test', 'bob@acme.test', 'gone@acme.test']);
    expect(body.members[0]).toMatchObject({ enrolled: 2, done: 1, overdue: 1 });
    expect(body.members[1]).toMatchObject({ enrolled: 1, done: 0, overdue: 0 });
    const north = await call<TeamView>('GET', `/api/learn/team?groupId=${northId}&overdueOnly=true`, manager);
    expect(north.body.members.map((m) => m.email)).toEqual(['gone@acme.test']);
    expect((await call<TeamView>('GET', '/api/learn/team?q=carter', manager)).body.members.map((m) => m.email)).toEqual(['bob@acme.test']);

    const idle = await call<TeamView>('GET', '/api/learn/team', idleManager);
    expect(idle.body).toMatchObject({ groups: [], members: [], total: 0 });
    const all = await call<TeamView>('GET', '/api/learn/team', admin);
    expect(all.body.scope).toBe('site');
    expect(all.body.members.map((m) => m.email)).toContain('cleo@acme.test');
  });

  it("a manager reading another group's learners is refused, in the team view and in the reports", async () => {
    for (const url of [`/api/learn/team?groupId=${supportId}`, `/api/learn/reports/overdue?groupId=${supportId}`, `/api/learn/reports/courses/${courseId}?groupId=${supportId}`]) {
      const { res, body } = await call<{ error: { code: string } }>('GET', url, manager);
      expect(res.statusCode, url).toBe(404);
      expect(body.error.code).toBe('GROUP_NOT_FOUND');
    }
    const cleo = await call<{ error: { code: string } }>('GET', `/api/learn/reports/learners/${people.cleo}`, manager);
    expect(cleo.res.statusCode).toBe(404);
    expect(cleo.body.error.code).toBe('USER_NOT_FOUND');
    expect((await call('GET', `/api/learn/reports/learners/${people.cleo}/export?format=csv`, manager)).res.statusCode).toBe(404);
    expect((await call('GET', `/api/learn/reports/learners/${people.anna}`, manager)).res.statusCode).toBe(200);
    // An enrolment's attempt history: the team's yes, another learner's as if it did not exist.
    expect((await call('GET', `/api/learn/reports/enrolments/${enrolled.anna}/attempts`, manager)).res.statusCode).toBe(200);
    const cleoHistory = await call<{ error: { code: string } }>('GET', `/api/learn/reports/enrolments/${enrolled.cleo}/attempts`, manager);
    expect(cleoHistory.res.statusCode).toBe(404);
    expect(cleoHistory.body.error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');
    expect((await call('GET', `/api/learn/reports/enrolments/${foreignEnrolmentId}/attempts`, admin)).res.statusCode).toBe(404);

    const report = await call<CourseReportView>('GET', `/api/learn/reports/courses/${courseId}`, manager);
    expect(report.body.rows.map((r) => r.email)).toEqual(['anna@acme.test', 'bob@acme.test', 'gone@acme.test']);
    expect(report.body.summary.total).toBe(3);
    const overdue = await call<OverdueReportView>('GET', '/api/learn/reports/overdue', manager);
    expect(overdue.body.rows.map((r) => r.email).sort()).toEqual(['anna@acme.test', 'gone@acme.test']);
    const courses = await call<CourseOverviewView>('GET', '/api/learn/reports/courses', manager);
    expect(courses.body.courses.find((c) => c.id === courseId)!.summary.total).toBe(3);
    const export_ = await ctx.app.inject({ method: 'GET', url: '/api/learn/reports/overdue/export?format=csv', headers: { host, cookie: manager } });
    expect(export_.body).not.toContain('cleo@acme.test');
    expect(export_.body).toContain('gone@acme.test');
    // The administrator still sees the whole site.
    expect((await call<CourseReportView>('GET', `/api/learn/reports/courses/${courseId}`, admin)).body.total).toBe(4);
  });

  it('the dashboard overview counts the site for an administrator and the team for a manager', async () => {
    const site = await call<OverviewView>('GET', '/api/learn/reports/overview', admin);
    expect(site.res.statusCode).toBe(200);
    expect(site.body).toMatchObject({ scope: 'site', publishedCourses: 2, completionsLast30Days: 1 });
    expect(site.body.learners).toEqual({ enrolled: 3, active: 2 });
    expect(site.body.enrolments).toMatchObject({ total: 5, passed: 1, in_progress: 1, not_started: 3, overdue: 3 });
    expect(site.body.completionsByWeek).toHaveLength(12);
    expect(site.body.completionsByWeek.reduce((n, w) => n + w.completions, 0)).toBe(1);
    expect(site.body.completionsByWeek.at(-1)!.weekStart).toBe(weekStart(new Date(), 0).toISOString().slice(0, 10));
    expect(site.body.topCourses.map((c) => [c.title, c.completionPercent])).toEqual([
      ['Data protection', 100],
      ['Fire safety', 0],
    ]);
    expect(site.body.bottomCourses).toEqual([]);

    const team = await call<OverviewView>('GET', '/api/learn/reports/overview', manager);
    expect(team.body).toMatchObject({ scope: 'team' });
    expect(team.body.enrolments).toMatchObject({ total: 4, overdue: 2 });
    expect(team.body.learners).toEqual({ enrolled: 2, active: 2 });
    const learner = await signInCookie(ctx.app, host, 'anna@acme.test', PASSWORD);
    expect((await call('GET', '/api/learn/reports/overview', learner)).res.statusCode).toBe(403);
    expect((await call('GET', '/api/learn/team', learner)).res.statusCode).toBe(403);
  });

  it('remind now mails the learners at once, names what it skipped, and waits a day before the same reminder again', async () => {
    const before = await mailsTo('anna@acme.test');
    const { res, body } = await call<RemindView>('POST', '/api/learn/team/reminders', manager, {
      enrolmentIds: [enrolled.anna, enrolled.annaOther, enrolled.bob, enrolled.gone],
    });
    expect(res.statusCode).toBe(200);
    expect(body.sent).toBe(2);
    expect(body.skipped).toEqual(
      expect.arrayContaining([
        { enrolmentId: enrolled.annaOther, reason: 'done' },
        { enrolmentId: enrolled.gone, reason: 'deactivated' },
      ]),
    );
    expect(await mailsTo('anna@acme.test')).toBe(before + 1);
    expect(await mailsTo('bob@acme.test')).toBe(1);
    const [job] = await queryRows<{ template: string; subject: string }>(
      ctx.db.owner,
      sql`select payload->>'template' as template, payload->>'subject' as subject from jobs where kind = 'mail.send' and payload->>'to' = 'anna@acme.test' order by created_at desc limit 1`,
    );
    expect(job!.template).toBe('learn.overdue');
    // Each learner's bell says the same; the skipped ones' say nothing.
    const bell = await queryRows<{ email: string; kind: string }>(
      ctx.db.owner,
      sql`select u.email, n.kind from in_app_notifications n join users u on u.id = n.user_id where n.link in (${sql.join(
        [enrolled.anna, enrolled.annaOther, enrolled.bob, enrolled.gone].map((id) => sql`${`/play/${id}`}`),
        sql`, `,
      )}) order by u.email`,
    );
    expect(bell).toEqual([
      { email: 'anna@acme.test', kind: 'learn.overdue' },
      { email: 'bob@acme.test', kind: 'learn.reminder' },
    ]);
    const audits = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from audit_events where action = 'enrolment.reminded' and actor_user_id = ${managerId}`);
    expect(Number(audits[0]!.n)).toBe(2);

    const again = await call<RemindView>('POST', '/api/learn/team/reminders', manager, { enrolmentIds: [enrolled.bob] });
    expect(again.body).toEqual({ sent: 0, skipped: [{ enrolmentId: enrolled.bob, reason: 'recently_reminded' }] });
    expect(await mailsTo('bob@acme.test')).toBe(1);
  });

  it("reminding another group's or another site's learner refuses the whole request and sends nothing", async () => {
    await ctx.db.withTenant(tenant.id, (tx) => tx.update(enrolments).set({ remindedAt: null }).where(eq(enrolments.id, enrolled.bob!)));
    for (const foreign of [enrolled.cleo, foreignEnrolmentId, crypto.randomUUID()]) {
      const { res, body } = await call<{ error: { code: string; fields: { field: string }[] } }>('POST', '/api/learn/team/reminders', manager, { enrolmentIds: [enrolled.bob, foreign] });
      expect(res.statusCode).toBe(404);
      expect(body.error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');
      expect(body.error.fields.map((f) => f.field)).toEqual(['enrolmentIds.1']);
    }
    expect(await mailsTo('bob@acme.test')).toBe(1);
    expect(await mailsTo('cleo@acme.test')).toBe(0);
    const tooMany = await call<{ error: { code: string } }>('POST', '/api/learn/team/reminders', manager, { enrolmentIds: [] });
    expect(tooMany.res.statusCode).toBe(400);
  });
});
