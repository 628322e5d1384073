import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse, type CourseFixture } from '../../../test/learn-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { DOMAIN_EVENT_JOB } from '../../platform/events/domain-events.js';
import { domainEventJobHandlers } from '../../platform/events/event-handlers.js';
import { createUser } from '../../platform/identity/users.service.js';
import { pdfTextLines } from '../../../test/pdf-text.js';
import { learnModule } from '../learn.module.js';
import { activity, cluster } from '../progress/activity-tree.test-support.js';
import { recordProgress } from '../progress/record-progress.js';
import type { MyPathView, PathEnrolmentView, PathView } from './paths.contract.js';

const TREE = cluster('https://example.test/course', [activity('https://example.test/au/one')]);
type Name = 'lena' | 'max' | 'nora' | 'otto' | 'mona' | 'ivan';

describe(`learning paths (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let admin: string;
  const id = {} as Record<Name, string>;
  const cookie = {} as Record<Name, string>;
  let basics: CourseFixture;
  let ladders: CourseFixture;
  let rescue: CourseFixture;
  let globexCourse: CourseFixture;
  let globexUser: string;
  let delivered = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'paths');
    globex = await createTenantWithUser(ctx.db, 'paths-other');
    admin = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const people = [['lena', 'learner'], ['max', 'learner'], ['nora', 'learner'], ['otto', 'learner'], ['mona', 'manager'], ['ivan', 'instructor']] as const;
    for (const [name, role] of people) {
      id[name] = (await createUser(ctx.db, acme.tenant.id, { email: `${name}@paths.test`, firstName: name, lastName: 'Paths', roles: [role], password: acme.password })).id;
      cookie[name] = await signInCookie(ctx.app, acme.host, `${name}@paths.test`, acme.password);
    }
    basics = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Safety basics' });
    ladders = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Ladders' });
    rescue = await createScormCourse(ctx.db, acme.tenant.id, { title: 'Rescue', status: 'draft' });
    globexCourse = await createScormCourse(ctx.db, globex.tenant.id, { title: 'Globex only' });
    globexUser = (await createUser(ctx.db, globex.tenant.id, { email: 'olga@globex.test', firstName: 'Olga', lastName: 'G', roles: ['learner'], password: acme.password })).id;
  });
  afterAll(() => ctx.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, as = admin, host = acme.host) =>
    ctx.app.inject({ method, url, headers: { host, cookie: as }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  const pathBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Work at height',
    description: 'From the basics to the rescue.',
    dueAt: '2027-03-31T23:59:59+02:00',
    certificateEnabled: true,
    courses: [
      { courseId: basics.courseId },
      { courseId: ladders.courseId, prerequisites: [basics.courseId] },
      { courseId: rescue.courseId, prerequisites: [ladders.courseId] },
    ],
    ...overrides,
  });

  const courseEnrolment = async (userId: string, courseId: string) =>
    (
      await ctx.db.withTenant(acme.tenant.id, (tx) =>
        queryRows<{ id: string; source: string; path_id: string | null; due_at: Date | string | null }>(tx, sql`select id, source, path_id, due_at from enrolments where user_id = ${userId} and course_id = ${courseId}`),
      )
    )[0];

  const pathCount = async () => Number((await ctx.db.withTenant(acme.tenant.id, (tx) => queryRows<{ n: string }>(tx, sql`select count(*) as n from learning_paths`)))[0]!.n);

  /** The learner finishes the course (as tracking records it), and the events it causes are delivered. */
  async function finish(userId: string, course: CourseFixture) {
    const enrolment = await courseEnrolment(userId, course.courseId);
    expect(enrolment, 'enrolled before finishing').toBeDefined();
    await ctx.db.withTenant(acme.tenant.id, async (tx) => {
      const [attempt] = await queryRows<{ id: string }>(tx, sql`insert into attempts (enrolment_id, version_id, number, status) values (${enrolment!.id}, ${course.versionId}, 1, 'in_progress') returning id`);
      await recordProgress({ tx }, {
        attemptId: attempt!.id,
        tree: TREE,
        observations: [{ activityId: 'https://example.test/au/one', seq: Date.now(), result: { completion: 'completed', success: 'passed', scorePercent: 90, progressMeasure: null, totalTimeSeconds: 60 }, payload: {} }],
      });
    });
    await deliverEvents();
  }

  /** Delivers the domain events published since the last call, as the job worker would, until none are new. */
  async function deliverEvents() {
    const deliver = domainEventJobHandlers(ctx.db, [...learnModule.eventHandlers!])[DOMAIN_EVENT_JOB]!;
    for (;;) {
      const jobs = await queryRows<{ id: number; payload: Record<string, unknown>; tenant_id: string }>(
        ctx.db.owner,
        sql`select id, payload, tenant_id from jobs where kind = ${DOMAIN_EVENT_JOB} and id > ${delivered} order by id`,
      );
      if (jobs.length === 0) return;
      for (const job of jobs) {
        await deliver(job.payload, { id: Number(job.id), kind: DOMAIN_EVENT_JOB, tenantId: job.tenant_id, attempts: 1, maxAttempts: 5 });
        delivered = Math.max(delivered, Number(job.id));
      }
    }
  }

  const myPaths = async (name: Name) => {
    const res = await call('GET', '/api/learn/me/paths', undefined, cookie[name]);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().paths as MyPathView[];
  };
  const learnersOf = async (pathId: string) => (await call('GET', `/api/learn/paths/${pathId}/enrolments`)).json().enrolments as PathEnrolmentView[];

  it('refuses circles, strangers and twice-listed courses with the field that is wrong, and writes nothing', async () => {
    await deliverEvents();
    const before = await pathCount();
    const cycle = await call('POST', '/api/learn/paths', pathBody({ courses: [{ courseId: basics.courseId, prerequisites: [ladders.courseId] }, { courseId: ladders.courseId, prerequisites: [basics.courseId] }, { courseId: rescue.courseId }] }));
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error).toMatchObject({ code: 'LEARN_PATH_PREREQUISITE_CYCLE', fields: [{ field: 'courses.0.prerequisites' }, { field: 'courses.1.prerequisites' }] });

    const self = await call('POST', '/api/learn/paths', pathBody({ courses: [{ courseId: basics.courseId, prerequisites: [basics.courseId] }] }), admin);
    expect(self.json().error).toMatchObject({ code: 'LEARN_PATH_PREREQUISITE_CYCLE', fields: [{ field: 'courses.0.prerequisites' }] });

    const twice = await call('POST', '/api/learn/paths', pathBody({ courses: [{ courseId: basics.courseId }, { courseId: basics.courseId }] }));
    expect(twice.json().error).toMatchObject({ code: 'LEARN_PATH_DUPLICATE_COURSE', fields: [{ field: 'courses.1.courseId' }] });

    const outside = await call('POST', '/api/learn/paths', pathBody({ courses: [{ courseId: basics.courseId, prerequisites: [ladders.courseId] }] }));
    expect(outside.json().error).toMatchObject({ code: 'LEARN_PATH_PREREQUISITE_NOT_IN_PATH', fields: [{ field: 'courses.0.prerequisites' }] });

    // Another site's course is as unknown as one that does not exist.
    const foreign = await call('POST', '/api/learn/paths', pathBody({ courses: [{ courseId: basics.courseId }, { courseId: globexCourse.courseId }] }));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toMatchObject({ code: 'LEARN_PATH_UNKNOWN_COURSE', fields: [{ field: 'courses.1.courseId' }] });

    const empty = await call('POST', '/api/learn/paths', pathBody({ title: '  ', courses: [] }));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.map((d: { field: string }) => d.field).sort()).toEqual(['courses', 'title']);
    expect(await pathCount()).toBe(before);
  });

  it('those who build courses build paths; those who enrol people enrol them; learners see only their own', async () => {
    const byInstructor = await call('POST', '/api/learn/paths', pathBody({ title: 'Instructor path', courses: [{ courseId: basics.courseId }] }), cookie.ivan);
    expect(byInstructor.statusCode, byInstructor.body).toBe(201);
    const pathId = (byInstructor.json() as PathView).id;
    expect((await call('POST', `/api/learn/paths/${pathId}/enrolments`, { userIds: [id.otto] }, cookie.ivan)).statusCode).toBe(403);
    expect((await call('POST', '/api/learn/paths', pathBody(), cookie.mona)).statusCode).toBe(403);
    expect((await call('POST', `/api/learn/paths/${pathId}/enrolments`, { userIds: [id.otto] }, cookie.mona)).statusCode).toBe(200);
    expect((await call('GET', '/api/learn/paths', undefined, cookie.lena)).statusCode).toBe(403);
    expect((await call('GET', `/api/learn/paths/${pathId}/enrolments`, undefined, cookie.otto)).statusCode).toBe(403);
    // Another site's administrator finds nothing, by list or by id.
    const outsider = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
    expect((await call('GET', `/api/learn/paths/${pathId}`, undefined, outsider, globex.host)).json().error).toMatchObject({ code: 'LEARN_PATH_NOT_FOUND' });
    expect((await call('GET', '/api/learn/paths', undefined, outsider, globex.host)).json().paths).toEqual([]);
    expect((await call('POST', `/api/learn/paths/${pathId}/enrolments`, { userIds: [globexUser] }, admin)).json().error).toMatchObject({ code: 'LEARN_ENROLMENT_UNKNOWN_USER', fields: [{ field: 'userIds.0' }] });
    expect((await call('DELETE', `/api/learn/paths/${pathId}`, undefined, cookie.ivan)).statusCode).toBe(200);
    await deliverEvents();
  });

  it('enrols a learner in each course as it opens, counts the progress and certifies the whole path', async () => {
    const created = await call('POST', '/api/learn/paths', pathBody());
    expect(created.statusCode, created.body).toBe(201);
    const path = created.json() as PathView;
    expect(path.courses.map((c) => [c.title, c.courseStatus, c.prerequisites])).toEqual([
      ['Safety basics', 'published', []],
      ['Ladders', 'published', [basics.courseId]],
      ['Rescue', 'draft', [ladders.courseId]],
    ]);

    const enrolled = await call('POST', `/api/learn/paths/${path.id}/enrolments`, { userIds: [id.lena, id.lena] });
    expect(enrolled.json()).toMatchObject({ created: [expect.any(String)], alreadyEnrolled: 0 });
    // The first course is open at once, with the path's due date; the others wait.
    expect(await courseEnrolment(id.lena, basics.courseId)).toMatchObject({ source: 'path', path_id: path.id });
    expect(new Date((await courseEnrolment(id.lena, basics.courseId))!.due_at!).toISOString()).toBe('2027-03-31T21:59:59.000Z');
    expect(await courseEnrolment(id.lena, ladders.courseId)).toBeUndefined();
    let [mine] = await myPaths('lena');
    expect(mine).toMatchObject({ title: 'Work at height', state: 'not_started', coursesCompleted: 0, coursesTotal: 3, percent: 0, certificateId: null });
    expect(mine!.courses.map((c) => [c.title, c.availability, c.waitingFor.map((w) => w.title)])).toEqual([
      ['Safety basics', 'open', []],
      ['Ladders', 'locked', ['Safety basics']],
      ['Rescue', 'unavailable', ['Ladders']],
    ]);

    // The path's course enrolment is not removed from the course's page: the path is.
    const { id: basicsEnrolment } = (await courseEnrolment(id.lena, basics.courseId))!;
    const unenrol = await call('DELETE', `/api/learn/enrolments/${basicsEnrolment}`);
    expect(unenrol.json().error).toMatchObject({ code: 'LEARN_ENROLMENT_FROM_PATH' });
    const courseList = (await call('GET', `/api/learn/courses/${basics.courseId}/enrolments`)).json().enrolments as { userId: string; source: string; pathTitle: string | null }[];
    expect(courseList.find((e) => e.userId === id.lena)).toMatchObject({ source: 'path', pathTitle: 'Work at height' });

    await finish(id.lena, basics);
    expect(await courseEnrolment(id.lena, ladders.courseId)).toMatchObject({ source: 'path' });
    [mine] = await myPaths('lena');
    expect(mine).toMatchObject({ state: 'in_progress', coursesCompleted: 1, percent: 33 });
    expect(mine!.courses[1]).toMatchObject({ availability: 'open', waitingFor: [] });

    await finish(id.lena, ladders);
    // The last course is a draft: it opens when it is published.
    expect(await courseEnrolment(id.lena, rescue.courseId)).toBeUndefined();
    expect((await call('POST', `/api/learn/courses/${rescue.courseId}/status`, { status: 'published' })).statusCode).toBe(200);
    expect(await courseEnrolment(id.lena, rescue.courseId)).toMatchObject({ source: 'path' });

    await finish(id.lena, rescue);
    [mine] = await myPaths('lena');
    expect(mine).toMatchObject({ state: 'completed', coursesCompleted: 3, percent: 100, completedAt: expect.any(String), certificateId: expect.any(String) });
    const certificates = (await call('GET', '/api/learn/me/certificates', undefined, cookie.lena)).json().certificates as { id: string; pathId: string | null; courseId: string | null; courseTitle: string }[];
    const pathCertificate = certificates.find((c) => c.pathId === path.id);
    expect(pathCertificate).toMatchObject({ id: mine!.certificateId, courseId: null, courseTitle: 'Work at height' });
    const pdf = await call('GET', `/api/learn/me/certificates/${pathCertificate!.id}/pdf?lang=en`, undefined, cookie.lena);
    expect(pdf.statusCode).toBe(200);
    expect(pdfTextLines(pdf.rawPayload)).toEqual(expect.arrayContaining(['has successfully completed the learning path', 'Work at height']));
    // A redelivered completion issues nothing new.
    delivered = 0;
    await deliverEvents();
    expect((await call('GET', '/api/learn/me/certificates', undefined, cookie.lena)).json().certificates.filter((c: { pathId: string | null }) => c.pathId === path.id)).toHaveLength(1);

    // Those who see the path see its certificates; it is verified publicly as a path's, and revoked like any.
    const issued = await call('GET', `/api/learn/paths/${path.id}/certificates`);
    expect(issued.json().certificates).toMatchObject([{ id: pathCertificate!.id, pathId: path.id, learnerName: 'lena Paths', state: 'valid' }]);
    expect((await call('GET', `/api/learn/paths/${path.id}/certificates`, undefined, cookie.lena)).statusCode).toBe(403);
    const verified = await ctx.app.inject({ method: 'GET', url: `/api/learn/certificates/verify/${issued.json().certificates[0].code as string}`, headers: { host: acme.host } });
    expect(verified.json()).toMatchObject({ valid: true, subject: 'path', courseTitle: 'Work at height' });
    expect((await call('POST', `/api/learn/certificates/${pathCertificate!.id}/revoke`, { reason: 'Issued in error' })).statusCode).toBe(200);
    expect((await myPaths('lena'))[0]).toMatchObject({ state: 'completed', certificateId: null });

    const [learner] = await learnersOf(path.id);
    expect(learner).toMatchObject({ userId: id.lena, source: 'direct', coursesCompleted: 3, coursesTotal: 3, percent: 100, state: 'completed', overdue: false });
    const summary = ((await call('GET', '/api/learn/paths')).json().paths as { id: string; courseCount: number; enrolledCount: number; completedCount: number }[]).find((p) => p.id === path.id);
    expect(summary).toMatchObject({ courseCount: 3, enrolledCount: 1, completedCount: 1 });
  });

  it('a group brings its members, present and future, and takes away those who leave it', async () => {
    const path = (await call('POST', '/api/learn/paths', pathBody({ title: 'Team path', dueAt: '2026-01-31T00:00:00Z', certificateEnabled: false, courses: [{ courseId: basics.courseId }, { courseId: ladders.courseId, prerequisites: [basics.courseId] }] }))).json() as PathView;
    const group = await call('POST', '/api/admin/groups', { name: 'Roofers' });
    const groupId = group.json().id as string;
    await call('POST', `/api/admin/groups/${groupId}/members`, { userIds: [id.max] });

    const added = await call('POST', `/api/learn/paths/${path.id}/groups`, { groupId });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ group: { groupId, groupName: 'Roofers', includeSubgroups: true }, enrolled: 1 });
    expect(await courseEnrolment(id.max, basics.courseId)).toMatchObject({ source: 'path', path_id: path.id });

    // A new member joins the path in the same request that adds them to the group.
    await call('POST', `/api/admin/groups/${groupId}/members`, { userIds: [id.nora] });
    // The path was due last January: both are overdue.
    expect((await learnersOf(path.id)).map((l) => [l.firstName, l.source, l.groupName, l.overdue])).toEqual([['max', 'group', 'Roofers', true], ['nora', 'group', 'Roofers', true]]);
    expect(await courseEnrolment(id.nora, basics.courseId)).toMatchObject({ source: 'path' });

    // Taken out one by one they are not: the group is.
    const noraInPath = (await learnersOf(path.id)).find((l) => l.userId === id.nora)!;
    expect((await call('DELETE', `/api/learn/path-enrolments/${noraInPath.id}`)).json().error).toMatchObject({ code: 'LEARN_PATH_ENROLMENT_FROM_GROUP' });

    // Max has begun; Nora has not. Leaving the group, Nora's untouched enrolment goes, Max's stays as a direct one.
    await finish(id.max, basics);
    expect(await courseEnrolment(id.max, ladders.courseId)).toMatchObject({ source: 'path' });
    await call('POST', `/api/admin/groups/${groupId}/members/remove`, { userIds: [id.nora, id.max] });
    expect(await learnersOf(path.id)).toEqual([]);
    expect(await courseEnrolment(id.nora, basics.courseId)).toBeUndefined();
    expect(await courseEnrolment(id.max, basics.courseId)).toMatchObject({ source: 'direct', path_id: null });
    expect(await courseEnrolment(id.max, ladders.courseId)).toBeUndefined();

    // Removing the group from the path: those it brought leave.
    await call('POST', `/api/admin/groups/${groupId}/members`, { userIds: [id.nora] });
    expect((await learnersOf(path.id)).map((l) => l.firstName)).toEqual(['nora']);
    const removed = await call('DELETE', `/api/learn/path-groups/${added.json().group.id}`);
    expect(removed.json()).toEqual({ removed: 1, kept: 0 });
    expect(await learnersOf(path.id)).toEqual([]);
    expect((await call('DELETE', `/api/learn/path-groups/${added.json().group.id}`)).json().error).toMatchObject({ code: 'LEARN_PATH_GROUP_NOT_FOUND' });
  });

  it('a changed path moves its due date to the enrolments it made, opens what is open now and lets go of courses taken out', async () => {
    const path = (await call('POST', '/api/learn/paths', pathBody({ title: 'Changing path', courses: [{ courseId: basics.courseId }, { courseId: ladders.courseId, prerequisites: [basics.courseId] }] }))).json() as PathView;
    await call('POST', `/api/learn/paths/${path.id}/enrolments`, { userIds: [id.otto] });
    expect(await courseEnrolment(id.otto, basics.courseId)).toMatchObject({ source: 'path' });
    expect(await courseEnrolment(id.otto, ladders.courseId)).toBeUndefined();

    // Ladders no longer waits for the basics, and the basics leave the path; the due date moves.
    const changed = await call('PUT', `/api/learn/paths/${path.id}`, pathBody({ title: 'Changing path', dueAt: '2027-06-30T12:00:00Z', courses: [{ courseId: ladders.courseId }] }));
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await courseEnrolment(id.otto, basics.courseId)).toBeUndefined();
    const laddersEnrolment = await courseEnrolment(id.otto, ladders.courseId);
    expect(laddersEnrolment).toMatchObject({ source: 'path' });
    expect(new Date(laddersEnrolment!.due_at!).toISOString()).toBe('2027-06-30T12:00:00.000Z');

    // A refused change leaves the path as it was.
    const refused = await call('PUT', `/api/learn/paths/${path.id}`, pathBody({ title: 'Renamed', courses: [{ courseId: ladders.courseId, prerequisites: [ladders.courseId] }] }));
    expect(refused.statusCode).toBe(422);
    expect(((await call('GET', `/api/learn/paths/${path.id}`)).json() as PathView).title).toBe('Changing path');

    // Leaving the path: the enrolment without progress goes.
    const [otto] = await learnersOf(path.id);
    expect((await call('DELETE', `/api/learn/path-enrolments/${otto!.id}`)).json()).toEqual({ removed: 1, kept: 0 });
    expect(await courseEnrolment(id.otto, ladders.courseId)).toBeUndefined();
    expect((await call('DELETE', `/api/learn/path-enrolments/${otto!.id}`)).json().error).toMatchObject({ code: 'LEARN_PATH_ENROLMENT_NOT_FOUND' });

    const deleted = await call('DELETE', `/api/learn/paths/${path.id}`);
    expect(deleted.json()).toEqual({ removed: 0, kept: 0 });
    expect((await call('GET', `/api/learn/paths/${path.id}`)).json().error).toMatchObject({ code: 'LEARN_PATH_NOT_FOUND' });
  });
});
