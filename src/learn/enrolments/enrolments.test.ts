import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly, type CourseFixture } from '../../../test/learn-fixtures.js';
import { auditEvents } from '../../platform/audit/audit.schema.js';
import { queryRows } from '../../platform/db/client.js';
import { createUser } from '../../platform/identity/users.service.js';
import { attempts, scoStates } from '../tracking/tracking.schema.js';
import { runUseCase, type RequestContext } from '../../platform/access/index.js';
import type { User } from '../../platform/identity/index.js';
import { enrolUsers } from './enrolments.service.js';
import { enrolments } from './enrolments.schema.js';

const DAY = 24 * 60 * 60 * 1000;
type Name = 'anna' | 'ben' | 'cleo' | 'dora' | 'emil' | 'finn' | 'mona' | 'ivan';

describe(`enrolments (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;
  const id = {} as Record<Name, string>;
  const cookie = {} as Record<Name, string>;
  let outsiderId: string;
  let globexCourse: CourseFixture;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    globex = await createTenantWithUser(ctx.db, 'globex');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const people = [
      ['anna', 'learner'],
      ['ben', 'learner'],
      ['cleo', 'learner'],
      ['dora', 'learner'],
      ['emil', 'learner'],
      ['finn', 'learner'],
      ['mona', 'manager'],
      ['ivan', 'instructor'],
    ] as const;
    for (const [name, role] of people) {
      id[name] = (await createUser(ctx.db, acme.tenant.id, { email: `${name}@acme.test`, firstName: name, lastName: 'Acme', roles: [role], password: acme.password })).id;
    }
    for (const name of ['anna', 'ben', 'mona', 'ivan'] as const) cookie[name] = await signInCookie(ctx.app, acme.host, `${name}@acme.test`, acme.password);
    outsiderId = (await createUser(ctx.db, globex.tenant.id, { email: 'olga@globex.test', firstName: 'Olga', lastName: 'G', roles: ['learner'], password: acme.password })).id;
    globexCourse = await createScormCourse(ctx.db, globex.tenant.id, { title: 'Globex secrets' });
  });
  afterAll(() => ctx.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, as = admin) =>
    ctx.app.inject({ method, url, headers: { host: acme.host, cookie: as }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const listOf = async (courseId: string) => {
    const res = await call('GET', `/api/learn/courses/${courseId}/enrolments`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      enrolments: { id: string; userId: string; email: string; firstName: string; source: string; groupId: string | null; groupName: string | null; dueAt: string | null; status: string; overdue: boolean }[];
      groups: { id: string; groupId: string; groupName: string; dueAt: string | null; includeSubgroups: boolean; enrolmentCount: number }[];
    };
  };
  const enrolledEmails = async (courseId: string) => (await listOf(courseId)).enrolments.map((e) => e.email);
  const group = async (name: string, parentId?: string, members: string[] = []) => {
    const res = await call('POST', '/api/admin/groups', { name, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    const groupId = res.json().id as string;
    if (members.length > 0) expect((await call('POST', `/api/admin/groups/${groupId}/members`, { userIds: members })).statusCode).toBe(200);
    return groupId;
  };
  /** What tracking would write once the learner has worked in the course. */
  const makeProgress = (enrolmentId: string, status: 'in_progress' | 'completed' | 'passed' | 'failed', extra: { completedAt?: Date; lastAccessAt?: Date } = {}) =>
    ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx
        .update(enrolments)
        .set({ status, attemptCount: 1, firstAccessAt: new Date(), lastAccessAt: extra.lastAccessAt ?? new Date(), completedAt: extra.completedAt ?? null })
        .where(eq(enrolments.id, enrolmentId)),
    );
  /** Enrolment ids announced to the notifications feature (one job per batch). */
  const noticedIds = async () => {
    const rows = await queryRows<{ payload: { enrolmentIds: string[] } }>(ctx.db.owner, sql`select payload from jobs where kind = 'learn.notify_enrolled'`);
    return new Set(rows.flatMap((r) => r.payload.enrolmentIds));
  };
  const enrolmentOf = async (courseId: string, userId: string) =>
    (await listOf(courseId)).enrolments.find((e) => e.userId === userId);

  it('enrols users in bulk with a due date; enrolling again keeps one enrolment and updates the due date only when sent', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Bulk course' });
    const due = '2030-03-31T17:00:00+02:00';
    const res = await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.anna, id.ben, id.anna], dueAt: due });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toHaveLength(2);
    expect(res.json().alreadyEnrolled).toBe(0);
    const noticed = await noticedIds();
    expect((res.json().created as string[]).every((created) => noticed.has(created))).toBe(true);
    const list = await listOf(course.courseId);
    expect(list.enrolments.map((e) => [e.email, e.firstName, e.source, e.dueAt, e.status])).toEqual([
      ['anna@acme.test', 'anna', 'direct', '2030-03-31T15:00:00.000Z', 'not_started'],
      ['ben@acme.test', 'ben', 'direct', '2030-03-31T15:00:00.000Z', 'not_started'],
    ]);

    const again = await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.anna, id.cleo] });
    expect(again.json()).toMatchObject({ alreadyEnrolled: 1 });
    expect(again.json().created).toHaveLength(1);
    expect((await enrolmentOf(course.courseId, id.anna))?.dueAt).toBe('2030-03-31T15:00:00.000Z');
    expect((await enrolmentOf(course.courseId, id.cleo))?.dueAt).toBeNull();

    await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.anna], dueAt: null });
    expect((await enrolmentOf(course.courseId, id.anna))?.dueAt).toBeNull();
    expect(await enrolledEmails(course.courseId)).toEqual(['anna@acme.test', 'ben@acme.test', 'cleo@acme.test']);

    const audit = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'enrolment.created'), eq(auditEvents.targetId, course.courseId))).orderBy(auditEvents.id),
    );
    expect(audit).toHaveLength(3);
    expect(audit[0]?.details).toMatchObject({ created: 2, dueAt: '2030-03-31T15:00:00.000Z' });
  });

  it('changes a due date and unenrols; an unknown enrolment is a 404', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Due course' });
    const [enrolmentId] = (await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.dora] })).json().created as string[];
    const changed = await call('PATCH', `/api/learn/enrolments/${enrolmentId}`, { dueAt: '2020-01-01T00:00:00Z' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ dueAt: '2020-01-01T00:00:00.000Z', overdue: true, email: 'dora@acme.test' });
    const removed = await call('DELETE', `/api/learn/enrolments/${enrolmentId}`);
    expect(removed.statusCode).toBe(204);
    expect(await enrolledEmails(course.courseId)).toEqual([]);
    for (const res of [await call('DELETE', `/api/learn/enrolments/${enrolmentId}`), await call('PATCH', `/api/learn/enrolments/${enrolmentId}`, { dueAt: null })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');
    }
    const actions = await ctx.db.withTenant(acme.tenant.id, (tx) => tx.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, enrolmentId!)).orderBy(auditEvents.id));
    expect(actions.map((a) => a.action)).toEqual(['enrolment.due_changed', 'enrolment.deleted']);
  });

  it('a group enrolment reaches the members of nested sub-groups, and members added later', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Group course' });
    const company = await group('Company G', undefined, [id.anna]);
    const sales = await group('Sales G', company, [id.ben]);
    const north = await group('North G', sales, [id.cleo]);
    const res = await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: company, dueAt: '2031-01-31T00:00:00Z' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created).toHaveLength(3);
    expect(res.json().groupEnrolment).toMatchObject({ groupId: company, groupName: 'Company G', includeSubgroups: true, enrolmentCount: 3 });
    const noticed = await noticedIds();
    let list = await listOf(course.courseId);
    expect(list.enrolments.map((e) => [e.email, e.source, e.groupName, e.dueAt])).toEqual([
      ['anna@acme.test', 'group', 'Company G', '2031-01-31T00:00:00.000Z'],
      ['ben@acme.test', 'group', 'Company G', '2031-01-31T00:00:00.000Z'],
      ['cleo@acme.test', 'group', 'Company G', '2031-01-31T00:00:00.000Z'],
    ]);

    // A member added to the deepest group later is enrolled with the group's due date, and told so.
    await call('POST', `/api/admin/groups/${north}/members`, { userIds: [id.dora] });
    const dora = await enrolmentOf(course.courseId, id.dora);
    expect(dora).toMatchObject({ source: 'group', dueAt: '2031-01-31T00:00:00.000Z' });
    expect((await noticedIds()).has(dora!.id)).toBe(true);
    expect([...(res.json().created as string[])].every((created) => noticed.has(created))).toBe(true);

    // Changing the group enrolment's due date moves every enrolment it brought, and a reminder sent for the old date is due again.
    const sentAt = new Date('2031-01-28T08:00:00Z');
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(enrolments).set({ reminderSentAt: sentAt, overdueSentAt: sentAt }).where(eq(enrolments.id, dora!.id)));
    const sameDue = await call('PATCH', `/api/learn/group-enrolments/${res.json().groupEnrolment.id}`, { dueAt: '2031-01-31T00:00:00Z' });
    expect(sameDue.statusCode, sameDue.body).toBe(200);
    const noticesOf = async () =>
      (
        await ctx.db.withTenant(acme.tenant.id, (tx) =>
          tx.select({ reminder: enrolments.reminderSentAt, overdue: enrolments.overdueSentAt }).from(enrolments).where(eq(enrolments.id, dora!.id)),
        )
      )[0];
    expect(await noticesOf()).toEqual({ reminder: sentAt, overdue: sentAt });
    const patched = await call('PATCH', `/api/learn/group-enrolments/${res.json().groupEnrolment.id}`, { dueAt: '2031-06-30T00:00:00Z' });
    expect(patched.statusCode, patched.body).toBe(200);
    list = await listOf(course.courseId);
    expect(new Set(list.enrolments.map((e) => e.dueAt))).toEqual(new Set(['2031-06-30T00:00:00.000Z']));
    expect(await noticesOf()).toEqual({ reminder: null, overdue: null });

    // Enrolling the same group again creates nothing new.
    const again = await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: company });
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toEqual([]);
    expect((await listOf(course.courseId)).groups).toHaveLength(1);

    // Group-sourced enrolments are not unenrolled one by one.
    const cleo = (await enrolmentOf(course.courseId, id.cleo))!;
    const refused = await call('DELETE', `/api/learn/enrolments/${cleo.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('LEARN_ENROLMENT_FROM_GROUP');
  });

  it('a member added while the group is being enrolled is enrolled either way', async () => {
    for (let round = 0; round < 6; round++) {
      const course = await createScormCourse(ctx.db, acme.tenant.id, { title: `Race ${String(round)}` });
      const team = await group(`Race team ${String(round)}`, undefined, [id.anna]);
      const [added, enrolled] = await Promise.all([
        call('POST', `/api/admin/groups/${team}/members`, { userIds: [id.ben] }),
        call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: team }),
      ]);
      expect([added.statusCode, enrolled.statusCode]).toEqual([200, 201]);
      expect(await enrolledEmails(course.courseId)).toEqual(['anna@acme.test', 'ben@acme.test']);
    }
  });

  it('members leaving a group lose enrolments without progress and keep those with progress', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Leaving course' });
    const parent = await group('Parent L');
    const child = await group('Child L', parent, [id.anna, id.ben, id.cleo]);
    await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: parent });
    await makeProgress((await enrolmentOf(course.courseId, id.ben))!.id, 'in_progress');
    await call('POST', `/api/admin/groups/${child}/members/remove`, { userIds: [id.anna, id.ben] });
    const list = await listOf(course.courseId);
    expect(list.enrolments.map((e) => [e.email, e.source])).toEqual([
      ['ben@acme.test', 'direct'],
      ['cleo@acme.test', 'group'],
    ]);

    // Moving the child group out of the enrolled parent takes its members out too.
    await call('PATCH', `/api/admin/groups/${child}`, { parentId: null });
    expect(await enrolledEmails(course.courseId)).toEqual(['ben@acme.test']);
    // ... and moving it back brings them in again.
    await call('PATCH', `/api/admin/groups/${child}`, { parentId: parent });
    expect(await enrolledEmails(course.courseId)).toEqual(['ben@acme.test', 'cleo@acme.test']);

    // Deleting the group: its members are no longer reached.
    await call('DELETE', `/api/admin/groups/${child}`);
    expect(await enrolledEmails(course.courseId)).toEqual(['ben@acme.test']);
  });

  it('removing a group enrolment removes what it brought without progress and keeps the rest', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Removal course' });
    const team = await group('Team R', undefined, [id.anna, id.ben, id.cleo]);
    const other = await group('Other R', undefined, [id.cleo]);
    await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.anna] });
    const created = (await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: team })).json();
    expect(created.created).toHaveLength(2); // anna was enrolled directly already
    await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: other });
    await makeProgress((await enrolmentOf(course.courseId, id.ben))!.id, 'completed', { completedAt: new Date() });
    const removed = await call('DELETE', `/api/learn/group-enrolments/${created.groupEnrolment.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toEqual({ removed: 0, kept: 1 });
    const list = await listOf(course.courseId);
    // anna: direct all along; ben: kept with progress; cleo: still reached through the other group.
    expect(list.enrolments.map((e) => [e.email, e.source, e.groupName])).toEqual([
      ['anna@acme.test', 'direct', null],
      ['ben@acme.test', 'direct', null],
      ['cleo@acme.test', 'group', 'Other R'],
    ]);
    expect(list.groups.map((g) => g.groupName)).toEqual(['Other R']);
    const gone = await call('DELETE', `/api/learn/group-enrolments/${created.groupEnrolment.id}`);
    expect(gone.json().error.code).toBe('LEARN_GROUP_ENROLMENT_NOT_FOUND');
  });

  it('unenrolling a direct enrolment leaves the user to an enrolled group; an archived course takes no new members', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Overlap course' });
    const team = await group('Team O', undefined, [id.dora]);
    await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.dora] });
    await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: team });
    const direct = (await enrolmentOf(course.courseId, id.dora))!;
    expect(direct.source).toBe('direct');
    expect((await call('DELETE', `/api/learn/enrolments/${direct.id}`)).statusCode).toBe(204);
    expect(await enrolmentOf(course.courseId, id.dora)).toMatchObject({ source: 'group', groupName: 'Team O' });

    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.execute(sql`update courses set status = 'archived' where id = ${course.courseId}`));
    await call('POST', `/api/admin/groups/${team}/members`, { userIds: [id.emil] });
    expect(await enrolledEmails(course.courseId)).toEqual(['dora@acme.test']);
    const refused = await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: team });
    expect(refused.json().error.code).toBe('LEARN_ENROLMENT_COURSE_NOT_PUBLISHED');
  });

  it('a group enrolment without sub-groups reaches only the direct members', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Flat course' });
    const top = await group('Top F', undefined, [id.emil]);
    await group('Below F', top, [id.finn]);
    const res = await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: top, includeSubgroups: false });
    expect(res.json().created).toHaveLength(1);
    expect(await enrolledEmails(course.courseId)).toEqual(['emil@acme.test']);
    await call('PATCH', `/api/learn/group-enrolments/${res.json().groupEnrolment.id}`, { includeSubgroups: true });
    expect(await enrolledEmails(course.courseId)).toEqual(['emil@acme.test', 'finn@acme.test']);
  });

  it('cannot enrol users, groups or courses of another tenant', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Tenant course' });
    const res = await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.anna, outsiderId] });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'LEARN_ENROLMENT_UNKNOWN_USER', fields: [{ field: 'userIds.1', value: outsiderId }] });
    expect(await enrolledEmails(course.courseId)).toEqual([]);

    const foreign = await call('POST', `/api/learn/courses/${globexCourse.courseId}/enrolments`, { userIds: [id.anna] });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('LEARN_COURSE_NOT_FOUND');
    expect((await call('GET', `/api/learn/courses/${globexCourse.courseId}/enrolments`)).json().error.code).toBe('LEARN_COURSE_NOT_FOUND');
    expect((await call('POST', `/api/learn/courses/${globexCourse.courseId}/self-enrol`, {}, cookie.anna)).json().error.code).toBe('LEARN_COURSE_NOT_FOUND');

    const globexAdmin = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
    const globexGroup = await ctx.app.inject({ method: 'POST', url: '/api/admin/groups', headers: { host: globex.host, cookie: globexAdmin }, payload: { name: 'Globex team' } });
    const viaGroup = await call('POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: globexGroup.json().id });
    expect(viaGroup.statusCode).toBe(404);
    expect(viaGroup.json().error.code).toBe('LEARN_ENROLMENT_UNKNOWN_GROUP');
    // And nothing of Acme shows in Globex.
    const globexRows = await ctx.db.withTenant(globex.tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from enrolments`));
    expect(globexRows).toEqual([{ n: 0 }]);
  });

  it('only administrators and managers enrol; instructors may look; learners neither', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Permission course' });
    const byManager = await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.emil] }, cookie.mona);
    expect(byManager.statusCode).toBe(200);
    const enrolmentId = byManager.json().created[0] as string;
    expect((await call('GET', `/api/learn/courses/${course.courseId}/enrolments`, undefined, cookie.ivan)).statusCode).toBe(200);
    for (const as of [cookie.ivan, cookie.anna]) {
      for (const [method, url, body] of [
        ['POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.anna] }],
        ['PATCH', `/api/learn/enrolments/${enrolmentId}`, { dueAt: null }],
        ['DELETE', `/api/learn/enrolments/${enrolmentId}`, undefined],
        ['POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: enrolmentId }],
      ] as const) {
        const res = await call(method, url, body, as);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
      }
    }
    expect((await call('GET', `/api/learn/courses/${course.courseId}/enrolments`, undefined, cookie.anna)).statusCode).toBe(403);
    expect(await enrolledEmails(course.courseId)).toEqual(['emil@acme.test']);
    expect((await call('DELETE', `/api/learn/enrolments/${enrolmentId}`, undefined, cookie.mona)).statusCode).toBe(204);
  });

  it('self-enrolment only in published courses that allow it; the catalogue lists them', async () => {
    const open = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Open course', selfEnrolment: true });
    const closed = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Closed course' });
    const draft = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Draft course', selfEnrolment: true, status: 'draft' });
    const archived = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Archived course', selfEnrolment: true, status: 'archived' });

    let catalogue = await call('GET', '/api/learn/catalogue', undefined, cookie.ben);
    expect(catalogue.json().courses.map((c: { title: string; enrolmentId: string | null }) => [c.title, c.enrolmentId])).toEqual([['Open course', null]]);

    const first = await call('POST', `/api/learn/courses/${open.courseId}/self-enrol`, {}, cookie.ben);
    expect(first.statusCode, first.body).toBe(201);
    const second = await call('POST', `/api/learn/courses/${open.courseId}/self-enrol`, undefined, cookie.ben);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toEqual({ enrolmentId: first.json().enrolmentId, created: false });
    expect((await enrolmentOf(open.courseId, id.ben))?.source).toBe('self');
    // The learner chose it on screen: no mail about it.
    expect((await noticedIds()).has(first.json().enrolmentId as string)).toBe(false);
    catalogue = await call('GET', '/api/learn/catalogue', undefined, cookie.ben);
    expect(catalogue.json().courses[0].enrolmentId).toBe(first.json().enrolmentId);

    for (const [course, code] of [
      [closed, 'LEARN_SELF_ENROLMENT_NOT_ALLOWED'],
      [archived, 'LEARN_SELF_ENROLMENT_NOT_ALLOWED'],
      [draft, 'LEARN_COURSE_NOT_FOUND'],
    ] as const) {
      const res = await call('POST', `/api/learn/courses/${course.courseId}/self-enrol`, {}, cookie.ben);
      expect(res.json().error.code).toBe(code);
      expect(await enrolmentOf(course.courseId, id.ben)).toBeUndefined();
    }
  });

  it('the dashboard shows only my enrolments: overdue, due soon, in progress, not started, completed', async () => {
    const now = Date.now();
    const gina = (await createUser(ctx.db, acme.tenant.id, { email: 'gina@acme.test', firstName: 'Gina', lastName: 'Acme', roles: ['learner'], password: acme.password })).id;
    const make = async (title: string, dueAt: Date | null, scos?: { id: string; title: string }[]) => {
      const course = await createScormCourse(ctx.db, acme.tenant.id, { title, ...(scos ? { scos } : {}) });
      return { course, enrolmentId: await enrolDirectly(ctx.db, acme.tenant.id, course.courseId, gina, dueAt) };
    };
    const completedLate = await make('D completed though overdue', new Date(now - 2 * DAY));
    await makeProgress(completedLate.enrolmentId, 'passed', { completedAt: new Date(now - DAY) });
    const notStarted = await make('D not started, due later', new Date(now + 30 * DAY));
    const noDue = await make('D not started, no due date', null);
    const dueSoon = await make('D due in three days', new Date(now + 3 * DAY));
    const overdue = await make('D overdue', new Date(now - DAY));
    const inProgress = await make('D in progress', new Date(now + 10 * DAY), [
      { id: 'SCO-1', title: 'One' },
      { id: 'SCO-2', title: 'Two' },
    ]);
    await makeProgress(inProgress.enrolmentId, 'in_progress');
    await ctx.db.withTenant(acme.tenant.id, async (tx) => {
      const [attempt] = await tx.insert(attempts).values({ enrolmentId: inProgress.enrolmentId, versionId: inProgress.course.versionId, number: 1, status: 'in_progress' }).returning({ id: attempts.id });
      await tx.insert(scoStates).values({ attemptId: attempt!.id, scoId: 'SCO-1', seq: 1, completionStatus: 'completed' });
    });
    const failedOverdue = await make('D failed and overdue', new Date(now - 5 * DAY));
    await makeProgress(failedOverdue.enrolmentId, 'failed');
    // Someone else's enrolment never shows.
    await enrolDirectly(ctx.db, acme.tenant.id, overdue.course.courseId, id.emil);

    const finn = await signInCookie(ctx.app, acme.host, 'gina@acme.test', acme.password);
    const res = await call('GET', '/api/learn/me/enrolments', undefined, finn);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().enrolments as { courseTitle: string; bucket: string; overdue: boolean; dueSoon: boolean; progressPercent: number; status: string }[];
    expect(rows.map((r) => [r.courseTitle, r.bucket, r.overdue, r.dueSoon, r.progressPercent])).toEqual([
      ['D failed and overdue', 'overdue', true, false, 100],
      ['D overdue', 'overdue', true, false, 0],
      ['D due in three days', 'due_soon', false, true, 0],
      ['D in progress', 'in_progress', false, false, 50],
      ['D not started, due later', 'not_started', false, false, 0],
      ['D not started, no due date', 'not_started', false, false, 0],
      ['D completed though overdue', 'completed', false, false, 100],
    ]);
    expect([notStarted, noDue, dueSoon].every((e) => rows.length > 0 && e.enrolmentId)).toBe(true);
    expect(rows.every((r) => (r as { available?: boolean }).available === true)).toBe(true);
    // An archived course stays listed for its results, but can no longer be opened.
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.execute(sql`update courses set status = 'archived' where id = ${completedLate.course.courseId}`));
    const afterArchive = (await call('GET', '/api/learn/me/enrolments', undefined, finn)).json().enrolments as { courseTitle: string; available: boolean }[];
    expect(afterArchive.find((r) => r.courseTitle === 'D completed though overdue')).toMatchObject({ available: false });
    // A course with a cover says so, for the card to show it.
    expect(rows.every((r) => (r as { hasCover?: boolean }).hasCover === false)).toBe(true);
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.execute(sql`update courses set cover_key = 'covered' where id = ${dueSoon.course.courseId}`));
    const covered = (await call('GET', '/api/learn/me/enrolments', undefined, finn)).json().enrolments as { courseTitle: string; hasCover: boolean }[];
    expect(covered.filter((r) => r.hasCover).map((r) => r.courseTitle)).toEqual(['D due in three days']);

    // Emil sees only his own.
    const emil = await signInCookie(ctx.app, acme.host, 'emil@acme.test', acme.password);
    const his = (await call('GET', '/api/learn/me/enrolments', undefined, emil)).json().enrolments as { courseTitle: string }[];
    expect(his.map((e) => e.courseTitle)).not.toContain('D due in three days');
    expect(his.map((e) => e.courseTitle)).toContain('D overdue');
  });

  it('refuses bad input with stable codes naming the field', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Input course' });
    const url = `/api/learn/courses/${course.courseId}/enrolments`;
    const cases: ['POST' | 'PATCH', string, unknown, string][] = [
      ['POST', url, { userIds: [] }, 'userIds'],
      ['POST', url, { userIds: ['not-a-uuid'] }, 'userIds.0'],
      ['POST', url, { userIds: [id.anna], dueAt: '2030-12-31' }, 'dueAt'],
      ['POST', url, { userIds: [id.anna], dueAt: 'tomorrow' }, 'dueAt'],
      ['POST', url, {}, 'userIds'],
      ['POST', '/api/learn/courses/nope/enrolments', { userIds: [id.anna] }, 'params.courseId'],
      ['PATCH', '/api/learn/enrolments/nope', { dueAt: null }, 'params.enrolmentId'],
      ['PATCH', `/api/learn/enrolments/${course.courseId}`, { dueAt: '31.12.2030' }, 'dueAt'],
      ['POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: 'x' }, 'groupId'],
      ['POST', `/api/learn/courses/${course.courseId}/group-enrolments`, { groupId: id.anna, includeSubgroups: 'yes' }, 'includeSubgroups'],
    ];
    for (const [method, target, body, field] of cases) {
      const res = await call(method, target, body);
      expect(res.statusCode, `${method} ${target} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await enrolledEmails(course.courseId)).toEqual([]);

    const draft = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Draft input course', status: 'draft' });
    const res = await call('POST', `/api/learn/courses/${draft.courseId}/enrolments`, { userIds: [id.anna] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('LEARN_ENROLMENT_COURSE_NOT_PUBLISHED');
    const missing = await call('POST', '/api/learn/courses/00000000-0000-4000-8000-000000000000/enrolments', { userIds: [id.anna] });
    expect(missing.json().error.code).toBe('LEARN_COURSE_NOT_FOUND');
  });

  it('one request is one use case: its audit row names the request, and a use case that fails after enrolling leaves nothing behind', async () => {
    const course = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Use case course' });
    const res = await call('POST', `/api/learn/courses/${course.courseId}/enrolments`, { userIds: [id.cleo] });
    expect(res.statusCode, res.body).toBe(200);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    const audited = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'enrolment.created'), eq(auditEvents.targetId, course.courseId))).orderBy(auditEvents.id),
    );
    expect(audited.map((row) => row.requestId)).toEqual([requestId]);

    // A use case that enrols and then fails (a later step of the same request) rolls the enrolment, its notice and its audit row back.
    const adminUser = (await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ id: string; roles: string[] }>(tx, sql`select id, roles from users where email = ${acme.email}`)))[0]!;
    const context: RequestContext = {
      tenant: acme.tenant,
      actor: { kind: 'user', userId: adminUser.id, roles: ['admin'] },
      user: { id: adminUser.id } as User,
      client: { ip: '198.51.100.9', userAgent: 'test', requestId: 'req-failing' },
      requestId: 'req-failing',
    };
    await expect(
      runUseCase(ctx.db, context, async (useCase) => {
        const enrolled = await enrolUsers(useCase, course.courseId, [id.dora], null);
        expect(enrolled.created).toHaveLength(1);
        throw new Error('a later step of the use case failed');
      }),
    ).rejects.toThrow('a later step of the use case failed');
    expect(await enrolledEmails(course.courseId)).toEqual(['cleo@acme.test']);
    const leftovers = await ctx.db.withTenant(acme.tenant.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.requestId, 'req-failing')).orderBy(auditEvents.id));
    expect(leftovers).toEqual([]);

    // The use case checks the policy itself, whoever calls it: a learner's context enrols nobody.
    const learnerContext: RequestContext = { ...context, actor: { kind: 'user', userId: id.anna, roles: ['learner'] }, user: { id: id.anna } as User };
    await expect(runUseCase(ctx.db, learnerContext, (useCase) => enrolUsers(useCase, course.courseId, [id.dora], null))).rejects.toThrow(
      expect.objectContaining({ code: 'AUTH_FORBIDDEN' }),
    );
  });
});
