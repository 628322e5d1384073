import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { contentOriginOf, type ContentOrigin } from '../../../test/content-origin.js';
import { engine } from '../../../test/db.js';
import { addScormVersion, createScormCourse, enrolDirectly, type CourseFixture } from '../../../test/learn-fixtures.js';
import { auditEvents } from '../../platform/audit/audit.schema.js';
import { queryRows } from '../../platform/db/client.js';
import { forgetAllSessions } from '../../platform/identity/session-cache.js';
import { startSession } from '../../platform/identity/sessions.service.js';
import { createUser } from '../../platform/identity/users.service.js';
import type { Tenant } from '../../platform/tenancy/tenants.repository.js';
import { attempts, scoStates } from './tracking.schema.js';

describe(`player and tracking (${engine})`, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  let host: string;
  let adminCookie: string;
  let learnerNo = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    const acme = await createTenantWithUser(ctx.db, 'acme');
    tenant = acme.tenant;
    host = acme.host;
    adminCookie = await signInCookie(ctx.app, host, acme.email, PASSWORD);
  });
  afterAll(() => ctx.close());

  /** A learner with a session started directly (no password hashing), as a cookie header. */
  async function newLearner(roles: ('learner' | 'manager' | 'instructor')[] = ['learner']): Promise<{ id: string; cookie: string }> {
    learnerNo += 1;
    const user = await createUser(ctx.db, tenant.id, { email: `learner${learnerNo}@acme.test`, firstName: 'Lea', lastName: `Rner${learnerNo}`, roles });
    const { sessionId } = await startSession(ctx.db, tenant, user, { ip: '203.0.113.9', userAgent: 'test' });
    return { id: user.id, cookie: `lectern_session=${sessionId}` };
  }

  async function enrolledLearner(course: CourseFixture) {
    const learner = await newLearner();
    const enrolmentId = await enrolDirectly(ctx.db, tenant.id, course.courseId, learner.id);
    return { ...learner, enrolmentId };
  }

  const launch = (cookie: string, enrolmentId: string, payload: object = {}) =>
    ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${enrolmentId}/launch`, headers: { host, cookie }, payload });

  /** The content origin of each attempt's latest launch: commits go there, with that launch's credential. */
  const frames = new Map<string, ContentOrigin>();

  async function launched(cookie: string, enrolmentId: string, payload: object = {}) {
    const res = await launch(cookie, enrolmentId, payload);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    frames.set(data.attemptId, contentOriginOf(ctx.app, data.launchUrl));
    return data;
  }

  /** A commit as the player's frame sends it: to the content origin, under the attempt's launch credential. */
  const commit = (attemptId: string, payload: object) => {
    const frame = frames.get(attemptId);
    if (!frame) throw new Error(`no launch of attempt ${attemptId}`);
    return frame.commit(payload);
  };

  async function committed(attemptId: string, payload: object) {
    const res = await commit(attemptId, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { seq: number; accepted: boolean };
  }

  const enrolmentRow = async (enrolmentId: string) =>
    (
      await ctx.db.withTenant(tenant.id, (tx) =>
        queryRows<{
          status: string;
          score_percent: number | null;
          time_spent_seconds: number;
          attempt_count: number;
          first_access_at: Date | null;
          last_access_at: Date | null;
          completed_at: Date | null;
        }>(tx, sql`select * from enrolments where id = ${enrolmentId}`),
      )
    )[0]!;

  const attemptRow = async (attemptId: string) => (await ctx.db.withTenant(tenant.id, (tx) => tx.select().from(attempts).where(eq(attempts.id, attemptId))))[0]!;

  const cmi12 = (core: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ core: { lesson_status: 'incomplete', ...core }, ...extra });

  it('starts attempt 1 on the current version, with table of contents and launch data, and counts first access', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, {
      title: 'Fire safety',
      scos: [
        { id: 'SCO-1', title: 'Lesson 1', masteryScore: 80 },
        { id: 'SCO-2', title: 'Lesson 2' },
      ],
    });
    const learner = await enrolledLearner(course);
    expect((await enrolmentRow(learner.enrolmentId)).first_access_at).toBeNull();

    const data = await launched(learner.cookie, learner.enrolmentId);
    expect(data).toMatchObject({
      preview: false,
      attemptNumber: 1,
      attemptStatus: 'in_progress',
      versionId: course.versionId,
      scormVersion: '1.2',
      title: 'Fire safety',
      startScoId: 'SCO-1',
      navigation: { choice: true, flow: true, forwardOnly: false },
    });
    expect(data.playable.map((item: { identifier: string; launchHref: string }) => [item.identifier, item.launchHref])).toEqual([
      ['SCO-1', 'SCO-1/index.html'],
      ['SCO-2', 'SCO-2/index.html'],
    ]);
    expect(data.toc.map((entry: { title: string; level: number }) => [entry.title, entry.level])).toEqual([
      ['Lesson 1', 0],
      ['Lesson 2', 0],
    ]);
    // The LMS-owned values a SCO reads on its first launch.
    expect(data.states['SCO-1']).toMatchObject({
      seq: 0,
      status: null,
      cmi: { core: { entry: 'ab-initio', credit: 'credit', lesson_mode: 'normal', total_time: '0000:00:00', student_id: learner.id, student_name: `Rner${learnerNo}, Lea` }, student_data: { mastery_score: '80' } },
    });

    const row = await enrolmentRow(learner.enrolmentId);
    expect(row).toMatchObject({ status: 'in_progress', attempt_count: 1 });
    expect(row.first_access_at).not.toBeNull();

    // Launching again resumes the same attempt and keeps the first access.
    const again = await launched(learner.cookie, learner.enrolmentId);
    expect(again.attemptId).toBe(data.attemptId);
    const after = await enrolmentRow(learner.enrolmentId);
    expect(after.attempt_count).toBe(1);
    expect(new Date(after.first_access_at!).getTime()).toBe(new Date(row.first_access_at!).getTime());
  });

  it("answers 404 for someone else's enrolment, 401 without a session, and 409 for a course without content", async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const owner = await enrolledLearner(course);
    const other = await newLearner();
    const res = await launch(other.cookie, owner.enrolmentId);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');
    const anonymous = await ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${owner.enrolmentId}/launch`, headers: { host }, payload: {} });
    expect(anonymous.statusCode).toBe(401);
    const bad = await launch(owner.cookie, 'not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('params.enrolmentId');

    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update course_items set current_version_id = null where course_id = ${course.courseId}`));
    const empty = await launch(owner.cookie, owner.enrolmentId);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('LEARN_PLAYER_NO_CONTENT');
  });

  it('ignores a stale commit (seq 3 then 2) and a repeated one, and resume returns the last acknowledged values', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);

    const third = cmi12({ lesson_location: 'page-3', exit: 'suspend', session_time: '00:03:00', total_time: '00:03:00' }, { suspend_data: 'state-3' });
    const second = cmi12({ lesson_location: 'page-2', session_time: '00:02:00', total_time: '00:02:00' }, { suspend_data: 'state-2' });
    expect(await committed(attemptId, { scoId: 'SCO-1', seq: 3, cmi: third })).toEqual({ seq: 3, accepted: true });
    expect(await committed(attemptId, { scoId: 'SCO-1', seq: 2, cmi: second })).toEqual({ seq: 2, accepted: false });
    expect(await committed(attemptId, { scoId: 'SCO-1', seq: 3, cmi: third })).toEqual({ seq: 3, accepted: false });

    const row = await enrolmentRow(learner.enrolmentId);
    expect(row.time_spent_seconds).toBe(180);

    const resumed = await launched(learner.cookie, learner.enrolmentId);
    expect(resumed.attemptId).toBe(attemptId);
    expect(resumed.states['SCO-1'].seq).toBe(3);
    expect(resumed.states['SCO-1'].status).toBe('in_progress');
    expect(resumed.states['SCO-1'].cmi).toMatchObject({ suspend_data: 'state-3', core: { lesson_location: 'page-3', entry: 'resume', total_time: '0000:03:00' } });
    expect(resumed.states['SCO-1'].cmi.core.session_time).toBeUndefined();

    // The next session adds its time to the total the SCO was launched with.
    const next = cmi12({ lesson_location: 'page-4', session_time: '00:01:00', total_time: '00:04:00' });
    expect(await committed(attemptId, { scoId: 'SCO-1', seq: 4, cmi: next })).toEqual({ seq: 4, accepted: true });
    expect((await enrolmentRow(learner.enrolmentId)).time_spent_seconds).toBe(240);
    const afterNormalExit = await launched(learner.cookie, learner.enrolmentId);
    expect(afterNormalExit.states['SCO-1'].cmi.core.entry).toBe('');
  });

  it('round-trips more than 64 KB of SCORM 1.2 suspend data and refuses more than 256 KB', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    const big = 'x'.repeat(64 * 1024 + 1000);
    await committed(attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({}, { suspend_data: big }) });
    const resumed = await launched(learner.cookie, learner.enrolmentId);
    expect(resumed.states['SCO-1'].cmi.suspend_data).toBe(big);

    const tooBig = await commit(attemptId, { scoId: 'SCO-1', seq: 2, cmi: cmi12({}, { suspend_data: 'y'.repeat(256 * 1024 + 1) }) });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error).toMatchObject({ code: 'LEARN_COMMIT_TOO_LARGE', fields: [{ field: 'cmi.suspend_data' }] });
  });

  it('takes commits only under a launch credential, only for its own attempt and SCOs of its package; bad bodies name the field', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    const frame = frames.get(attemptId)!;
    const body = { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_status: 'passed' }) };

    // The app's origin takes no commits at all, whatever cookie comes along.
    const onApp = await ctx.app.inject({ method: 'POST', url: `/api/learn/attempts/${attemptId}/commits`, headers: { host, cookie: learner.cookie }, payload: body });
    expect(onApp.statusCode).toBe(404);
    // The content origin knows no cookie and no app route.
    const cookieOnly = await frame.inject({ method: 'POST', url: `/api/learn/attempts/${attemptId}/commits`, headers: { cookie: learner.cookie }, payload: body });
    expect(cookieOnly.statusCode).toBe(404);
    for (const token of ['x', 'not-a-token', `${frame.token.slice(0, -1)}${frame.token.endsWith('A') ? 'B' : 'A'}`, `AAAAAAAAAAAAAAAAAAAAAA.${frame.token.split('.')[1]}`]) {
      const forged = await frame.inject({ method: 'POST', url: `/launch/${token}/commits`, payload: body });
      expect(forged.statusCode, token).toBe(401);
      expect(forged.json().error.code, token).toBe('LEARN_LAUNCH_INVALID');
    }
    // The credential works only on the content host it was issued for (another site's is another host).
    const elsewhere = await ctx.app.contentApp.inject({ method: 'POST', url: `/launch/${frame.token}/commits`, headers: { host: 'other.test:3001' }, payload: body });
    expect(elsewhere.json().error.code).toBe('LEARN_LAUNCH_INVALID');
    // A preview's credential records nothing. (The course is renamed first: the player shows the course's title, not the package's.)
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/learn/courses/${course.courseId}`, headers: { host, cookie: adminCookie }, payload: { title: 'Brandschutz 2027' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const preview = await ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${course.versionId}/preview`, headers: { host, cookie: adminCookie } });
    const previewCommit = await contentOriginOf(ctx.app, preview.json().launchUrl).commit(body);
    expect(previewCommit.statusCode).toBe(403);
    expect(previewCommit.json().error.code).toBe('LEARN_LAUNCH_PREVIEW');
    // And the content knows it is looked at, not taken: browse mode, no credit (a learner's launch has credit).
    expect(preview.json().states['SCO-1'].cmi.core).toMatchObject({ credit: 'no-credit', lesson_mode: 'browse', entry: 'ab-initio' });
    expect(preview.json().title).toBe('Brandschutz 2027');
    expect((await launched(learner.cookie, learner.enrolmentId)).title).toBe('Brandschutz 2027');

    const unknownSco = await commit(attemptId, { scoId: 'SCO-9', seq: 1, cmi: {} });
    expect(unknownSco.statusCode).toBe(400);
    expect(unknownSco.json().error).toMatchObject({ code: 'LEARN_COMMIT_UNKNOWN_SCO', fields: [{ field: 'scoId' }] });

    const badSeq = await commit(attemptId, { scoId: 'SCO-1', seq: 0, cmi: {} });
    expect(badSeq.statusCode).toBe(400);
    expect(badSeq.json().error.code).toBe('VALIDATION_FAILED');
    expect(badSeq.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['seq']);
    const noCmi = await commit(attemptId, { scoId: 'SCO-1', seq: 1, cmi: 'text' });
    expect(noCmi.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['cmi']);
    const nul = await commit(attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_location: 'a\u0000b' }) });
    expect(nul.statusCode).toBe(400);

    const rows = await ctx.db.withTenant(tenant.id, (tx) => tx.select().from(scoStates).where(eq(scoStates.attemptId, attemptId)));
    expect(rows).toHaveLength(0);
    expect((await enrolmentRow(learner.enrolmentId)).status).toBe('in_progress');
  });

  it('refuses launches of draft and archived courses to learners', async () => {
    for (const status of ['draft', 'archived'] as const) {
      const course = await createScormCourse(ctx.db, tenant.id, { status });
      const learner = await enrolledLearner(course);
      const res = await launch(learner.cookie, learner.enrolmentId);
      expect(res.statusCode, status).toBe(409);
      expect(res.json().error.code, status).toBe('LEARN_COURSE_NOT_AVAILABLE');
    }
  });

  it('applies the 1.2 mastery score to a raw score, and an "incomplete" after a pass does not downgrade it', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, { scos: [{ id: 'QUIZ', title: 'Quiz', masteryScore: 80 }] });
    const failing = await enrolledLearner(course);
    const a = await launched(failing.cookie, failing.enrolmentId);
    await committed(a.attemptId, { scoId: 'QUIZ', seq: 1, cmi: cmi12({ lesson_status: 'completed', score: { raw: '70', min: '0', max: '100' } }) });
    expect(await enrolmentRow(failing.enrolmentId)).toMatchObject({ status: 'failed', score_percent: 70, completed_at: null });
    expect(await attemptRow(a.attemptId)).toMatchObject({ status: 'failed', scorePercent: 70 });

    const passing = await enrolledLearner(course);
    const b = await launched(passing.cookie, passing.enrolmentId);
    await committed(b.attemptId, { scoId: 'QUIZ', seq: 1, cmi: cmi12({ lesson_status: 'completed', score: { raw: '85' } }) });
    const passed = await enrolmentRow(passing.enrolmentId);
    expect(passed).toMatchObject({ status: 'passed', score_percent: 85 });
    expect(passed.completed_at).not.toBeNull();
    await committed(b.attemptId, { scoId: 'QUIZ', seq: 2, cmi: cmi12({ lesson_status: 'incomplete', score: { raw: '' } }) });
    expect(await enrolmentRow(passing.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 85 });
    expect(await attemptRow(b.attemptId)).toMatchObject({ status: 'passed' });
  });

  it('rolls a multi-SCO attempt up: in progress until every SCO is done, then passed, or failed when any SCO failed', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, {
      scos: [
        { id: 'INTRO', title: 'Introduction' },
        { id: 'QUIZ', title: 'Quiz' },
      ],
    });
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    await committed(attemptId, { scoId: 'QUIZ', seq: 1, cmi: cmi12({ lesson_status: 'passed', score: { raw: '90' }, total_time: '00:05:00' }) });
    expect(await attemptRow(attemptId)).toMatchObject({ status: 'in_progress', scorePercent: 90, timeSpentSeconds: 300 });
    expect((await enrolmentRow(learner.enrolmentId)).status).toBe('in_progress');

    await committed(attemptId, { scoId: 'INTRO', seq: 2, cmi: cmi12({ lesson_status: 'completed', total_time: '00:02:00' }) });
    const attempt = await attemptRow(attemptId);
    expect(attempt).toMatchObject({ status: 'passed', scorePercent: 90, timeSpentSeconds: 420 });
    expect(attempt.completedAt).not.toBeNull();
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 90, time_spent_seconds: 420 });

    const resumed = await launched(learner.cookie, learner.enrolmentId);
    expect(resumed.startScoId).toBe('INTRO');
    expect(resumed.states.QUIZ.status).toBe('passed');
    expect(resumed.states.INTRO.status).toBe('completed');

    const failing = await enrolledLearner(course);
    const f = await launched(failing.cookie, failing.enrolmentId);
    await committed(f.attemptId, { scoId: 'INTRO', seq: 1, cmi: cmi12({ lesson_status: 'completed' }) });
    await committed(f.attemptId, { scoId: 'QUIZ', seq: 2, cmi: cmi12({ lesson_status: 'failed', score: { raw: '40' } }) });
    expect(await enrolmentRow(failing.enrolmentId)).toMatchObject({ status: 'failed', score_percent: 40 });
  });

  it('counts an asset as completed once opened in a course of assets only; in a course with a SCO, the SCO decides', async () => {
    const assets = await createScormCourse(ctx.db, tenant.id, {
      scos: [
        { id: 'PAGE-1', title: 'Handbook', asset: true },
        { id: 'PAGE-2', title: 'Checklist', asset: true },
      ],
    });
    const learner = await enrolledLearner(assets);
    const { attemptId, playable } = await launched(learner.cookie, learner.enrolmentId);
    expect(playable.map((item: { scormType: string }) => item.scormType)).toEqual(['asset', 'asset']);
    // What the player commits when it opens an asset: the item's data as loaded, unchanged.
    await committed(attemptId, { scoId: 'PAGE-1', seq: 1, cmi: {} });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'in_progress' });
    await committed(attemptId, { scoId: 'PAGE-2', seq: 2, cmi: {} });
    expect(await attemptRow(attemptId)).toMatchObject({ status: 'completed' });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'completed' });

    const mixed = await createScormCourse(ctx.db, tenant.id, {
      scos: [
        { id: 'LESSON', title: 'Lesson' },
        { id: 'HANDOUT', title: 'Handout', asset: true },
      ],
    });
    const other = await enrolledLearner(mixed);
    const started = await launched(other.cookie, other.enrolmentId);
    await committed(started.attemptId, { scoId: 'HANDOUT', seq: 1, cmi: {} });
    expect(await enrolmentRow(other.enrolmentId)).toMatchObject({ status: 'in_progress' });
    await committed(started.attemptId, { scoId: 'LESSON', seq: 2, cmi: cmi12({ lesson_status: 'completed' }) });
    expect(await enrolmentRow(other.enrolmentId)).toMatchObject({ status: 'completed' });
  });

  it('tracks SCORM 2004 success and completion separately', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, { version: '2004', scos: [{ id: 'SCO-A', title: 'A' }] });
    const learner = await enrolledLearner(course);
    const data = await launched(learner.cookie, learner.enrolmentId);
    expect(data).toMatchObject({ scormVersion: '2004-4th', navigation: { choice: true, flow: true } });
    expect(data.states['SCO-A'].cmi).toMatchObject({ entry: 'ab-initio', total_time: 'PT0S', learner_id: learner.id, credit: 'credit' });
    await committed(data.attemptId, {
      scoId: 'SCO-A',
      seq: 1,
      cmi: { completion_status: 'incomplete', success_status: 'unknown', location: 'slide-2', exit: 'suspend', session_time: 'PT2M' },
    });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'in_progress', time_spent_seconds: 120 });
    await committed(data.attemptId, {
      scoId: 'SCO-A',
      seq: 2,
      cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.9' }, location: 'end', session_time: 'PT3M', total_time: 'PT3M' },
    });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 90, time_spent_seconds: 180 });
    const resumed = await launched(learner.cookie, learner.enrolmentId);
    expect(resumed.states['SCO-A'].cmi).toMatchObject({ location: 'end', entry: '', total_time: 'PT180S' });
  });

  it('counts how far a learner is through a SCO by its progress measure: 87 % through a one-SCO course shows 87 %, not 0', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, { version: '2004', scos: [{ id: 'ONLY', title: 'The only part' }] });
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    const mine = async () =>
      ((await ctx.app.inject({ method: 'GET', url: '/api/learn/me/enrolments', headers: { host, cookie: learner.cookie } })).json().enrolments as { courseId: string; progressPercent: number }[]).find(
        (row) => row.courseId === course.courseId,
      );
    await committed(attemptId, { scoId: 'ONLY', seq: 1, cmi: { completion_status: 'incomplete', progress_measure: '0.87' } });
    expect(await mine()).toMatchObject({ progressPercent: 87 });
    // A later commit without a measure keeps the last one; a completion is all of it.
    await committed(attemptId, { scoId: 'ONLY', seq: 2, cmi: { completion_status: 'incomplete', location: 'p9' } });
    expect(await mine()).toMatchObject({ progressPercent: 87 });
    await committed(attemptId, { scoId: 'ONLY', seq: 3, cmi: { completion_status: 'completed', progress_measure: '1' } });
    expect(await mine()).toMatchObject({ progressPercent: 100 });
  });

  it('starts a new attempt after a SCORM 2004 SCO ended a finished attempt with exit "normal"; "suspend" reopens it', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, { version: '2004', scos: [{ id: 'ONLY', title: 'The only part' }] });
    const learner = await enrolledLearner(course);
    const first = await launched(learner.cookie, learner.enrolmentId);
    await committed(first.attemptId, { scoId: 'ONLY', seq: 1, cmi: { completion_status: 'completed', success_status: 'passed', exit: 'suspend' } });
    expect(await launched(learner.cookie, learner.enrolmentId)).toMatchObject({ attemptId: first.attemptId, attemptNumber: 1 });
    await committed(first.attemptId, { scoId: 'ONLY', seq: 2, cmi: { completion_status: 'completed', success_status: 'passed', exit: 'normal' } });
    const second = await launched(learner.cookie, learner.enrolmentId);
    expect(second).toMatchObject({ attemptNumber: 2, attemptStatus: 'in_progress' });
    expect(second.states['ONLY'].cmi).toMatchObject({ entry: 'ab-initio' });
    // The pass of the first attempt stays the enrolment's.
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', attempt_count: 2 });
  });

  it('follows each SCO’s latest data within an attempt: a quiz that fails after a pass fails the course, two SCOs of 85 and 50 make 67.5', async () => {
    const course = await createScormCourse(ctx.db, tenant.id, { version: '2004', scos: [{ id: 'A', title: 'Part A' }, { id: 'B', title: 'Part B' }] });
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    await committed(attemptId, { scoId: 'A', seq: 1, cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.85' } } });
    await committed(attemptId, { scoId: 'B', seq: 1, cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.5' } } });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 67.5 });
    // Part B's quiz is retaken within the attempt and failed.
    await committed(attemptId, { scoId: 'B', seq: 2, cmi: { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.2' } } });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'failed', score_percent: 52.5, completed_at: null });
    expect(await attemptRow(attemptId)).toMatchObject({ status: 'failed', scorePercent: 52.5 });

    // A new attempt that goes worse keeps the earlier attempt's better score; one that passes passes the enrolment.
    const second = await launched(learner.cookie, learner.enrolmentId, { newAttempt: true });
    await committed(second.attemptId, { scoId: 'A', seq: 1, cmi: { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.1' } } });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'in_progress', score_percent: 52.5 });
    await committed(second.attemptId, { scoId: 'A', seq: 2, cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.9' } } });
    await committed(second.attemptId, { scoId: 'B', seq: 1, cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.8' } } });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 85 });

    // A third attempt that fails cannot take the pass away.
    const third = await launched(learner.cookie, learner.enrolmentId, { newAttempt: true });
    await committed(third.attemptId, { scoId: 'A', seq: 1, cmi: { completion_status: 'completed', success_status: 'failed', score: { scaled: '0' } } });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 85 });
  });

  it("rolls a SCORM 2004 course up by the package's own rules: passed as soon as one of three quizzes is passed", async () => {
    const rollupRules = `<imsss:rollupRules>
      <imsss:rollupRule childActivitySet="any"><imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="satisfied"/></imsss:rollupRule>
      <imsss:rollupRule childActivitySet="any"><imsss:rollupConditions><imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions><imsss:rollupAction action="completed"/></imsss:rollupRule>
    </imsss:rollupRules>`;
    const scos = ['Q1', 'Q2', 'Q3'].map((id) => ({ id, title: `Quiz ${id}` }));
    const course = await createScormCourse(ctx.db, tenant.id, { version: '2004', scos, rollupRules });
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    await committed(attemptId, { scoId: 'Q1', seq: 1, cmi: { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.3' } } });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'in_progress' });
    await committed(attemptId, { scoId: 'Q2', seq: 1, cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.8' } } });
    // Q3 was never opened: by the default rules the course would still be in progress.
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'passed', score_percent: 55 });
  });

  it('pins an attempt to its version: v1 continues after v2 is uploaded; a new attempt after completion starts on v2', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const first = await launched(learner.cookie, learner.enrolmentId);
    expect(first.versionId).toBe(course.versionId);
    const v2 = await addScormVersion(ctx.db, tenant.id, course, 2);

    const resumed = await launched(learner.cookie, learner.enrolmentId);
    expect(resumed).toMatchObject({ attemptId: first.attemptId, versionId: course.versionId });
    const notYet = await launch(learner.cookie, learner.enrolmentId, { newAttempt: true });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('LEARN_ATTEMPT_NOT_FINISHED');

    await committed(first.attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_status: 'completed' }) });
    const review = await launched(learner.cookie, learner.enrolmentId);
    expect(review).toMatchObject({ attemptId: first.attemptId, attemptStatus: 'completed', versionId: course.versionId });

    const second = await launched(learner.cookie, learner.enrolmentId, { newAttempt: true });
    expect(second).toMatchObject({ attemptNumber: 2, versionId: v2, attemptStatus: 'in_progress' });
    expect(second.states['SCO-1']).toMatchObject({ seq: 0, status: null });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'completed', attempt_count: 2 });
    // The replaced attempt takes no more commits.
    const late = await commit(first.attemptId, { scoId: 'SCO-1', seq: 2, cmi: cmi12({ lesson_status: 'passed' }) });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('LEARN_ATTEMPT_CLOSED');
  });

  it('lets an administrator reset progress: the attempt closes, the summary starts over, the next launch is a new attempt; audited', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const first = await launched(learner.cookie, learner.enrolmentId);
    await committed(first.attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_status: 'passed', score: { raw: '95' }, total_time: '00:10:00' }) });
    const v2 = await addScormVersion(ctx.db, tenant.id, course, 2);

    const byLearner = await ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${learner.enrolmentId}/reset`, headers: { host, cookie: learner.cookie } });
    expect(byLearner.statusCode).toBe(403);
    const unknown = await ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/00000000-0000-4000-8000-000000000000/reset`, headers: { host, cookie: adminCookie } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('LEARN_ENROLMENT_NOT_FOUND');

    const res = await ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${learner.enrolmentId}/reset`, headers: { host, cookie: adminCookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ enrolmentId: learner.enrolmentId, status: 'not_started', closedAttemptId: first.attemptId });
    expect(await enrolmentRow(learner.enrolmentId)).toMatchObject({ status: 'not_started', score_percent: null, completed_at: null, time_spent_seconds: 600, attempt_count: 1 });
    expect((await attemptRow(first.attemptId)).closedAt).not.toBeNull();

    const late = await commit(first.attemptId, { scoId: 'SCO-1', seq: 2, cmi: cmi12({ lesson_status: 'passed' }) });
    expect(late.json().error.code).toBe('LEARN_ATTEMPT_CLOSED');
    expect((await enrolmentRow(learner.enrolmentId)).status).toBe('not_started');

    const next = await launched(learner.cookie, learner.enrolmentId);
    expect(next).toMatchObject({ attemptNumber: 2, versionId: v2 });

    // The history the reset promised: the closed attempt with what it reached, then the new one.
    const historyUrl = `/api/learn/reports/enrolments/${learner.enrolmentId}/attempts`;
    const history = await ctx.app.inject({ method: 'GET', url: historyUrl, headers: { host, cookie: adminCookie } });
    expect(history.statusCode, history.body).toBe(200);
    const { attempts } = history.json() as { attempts: Record<string, unknown>[] };
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ number: 1, status: 'passed', scorePercent: 95, timeSpentSeconds: 600, contentVersion: 1 });
    expect(attempts[0]!.closedAt).toEqual(expect.any(String));
    expect(attempts[1]).toMatchObject({ number: 2, status: 'in_progress', closedAt: null, contentVersion: 2 });
    expect((await ctx.app.inject({ method: 'GET', url: historyUrl, headers: { host, cookie: learner.cookie } })).statusCode).toBe(403);

    const audit = await ctx.db.withTenant(tenant.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'enrolment.progress_reset')).orderBy(auditEvents.id));
    expect(audit.find((event) => event.targetId === learner.enrolmentId)).toMatchObject({ targetType: 'enrolment', details: { previousStatus: 'passed' } });
  });

  it('writes concurrent commits of many learners in a few shared transactions (group commit); every acknowledged one is durable', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learners = await Promise.all(Array.from({ length: 30 }, () => enrolledLearner(course)));
    const started = await Promise.all(learners.map(async (learner) => ({ ...learner, attemptId: (await launched(learner.cookie, learner.enrolmentId)).attemptId as string })));
    forgetAllSessions();
    // Count the transactions: the commits (and their session checks) share a few.
    const withTenant = ctx.db.withTenant.bind(ctx.db);
    let transactions = 0;
    (ctx.db as { withTenant: typeof withTenant }).withTenant = (id, work) => {
      transactions += 1;
      return withTenant(id, work);
    };
    const answers = await Promise.all(
      started.flatMap((learner, index) =>
        [1, 2].map((seq) =>
          commit(learner.attemptId, {
            scoId: 'SCO-1',
            seq,
            cmi: cmi12({ lesson_status: seq === 2 && index % 2 === 0 ? 'passed' : 'incomplete', lesson_location: `seq-${seq}` }),
          }),
        ),
      ),
    );
    (ctx.db as { withTenant: typeof withTenant }).withTenant = withTenant;
    expect(answers.every((res) => res.statusCode === 200)).toBe(true);
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(answers.length / 4);
    // Per learner seq 2 is stored whatever the order of arrival; seq 1 was accepted only if it came first.
    const stored = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ attempt_id: string; seq: string | number; location: string }>(
        tx,
        sql`select attempt_id, seq, cmi->'core'->>'lesson_location' as location from sco_states where attempt_id in (${sql.join(
          started.map((l) => sql`${l.attemptId}`),
          sql`, `,
        )})`,
      ),
    );
    expect(stored).toHaveLength(30);
    expect(stored.every((row) => Number(row.seq) === 2 && row.location === 'seq-2')).toBe(true);
    const statuses = await Promise.all(started.map((learner) => enrolmentRow(learner.enrolmentId)));
    expect(statuses.map((row) => row.status)).toEqual(started.map((_, index) => (index % 2 === 0 ? 'passed' : 'in_progress')));
  });

  it('counts a commit as session activity, so a learner in a running course is not logged out', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set last_seen_at = now() - interval '15 minutes' where user_id = ${learner.id}`));
    forgetAllSessions();
    await committed(attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({}) });
    const [session] = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ idle: number }>(tx, sql`select extract(epoch from now() - last_seen_at)::float as idle from sessions where user_id = ${learner.id}`),
    );
    expect(session!.idle).toBeLessThan(60);
  });

  it('refuses a commit whose session went idle past the limit or was ended, and stores nothing', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set last_seen_at = now() - interval '3 hours' where user_id = ${learner.id}`));
    forgetAllSessions();
    const idle = await commit(attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_status: 'passed' }) });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    // The refused commit does not count as activity: the session stays ended.
    const again = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host, cookie: learner.cookie } });
    expect(again.statusCode).toBe(401);

    const other = await enrolledLearner(course);
    const started = await launched(other.cookie, other.enrolmentId);
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`delete from sessions where user_id = ${other.id}`));
    forgetAllSessions();
    const ended = await commit(started.attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_status: 'passed' }) });
    expect(ended.statusCode).toBe(401);
    // Signing out ends the credentials of that session's course windows: files too.
    const third = await enrolledLearner(course);
    const opened = await launched(third.cookie, third.enrolmentId);
    // (The fixture course has no files on disk: a live credential gets "not found", an ended one 401.)
    expect((await frames.get(opened.attemptId)!.file('SCO-1/index.html')).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
    const signOut = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { host, cookie: third.cookie }, payload: {} });
    expect(signOut.statusCode).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const afterSignOut = await frames.get(opened.attemptId)!.file('SCO-1/index.html');
    expect(afterSignOut.statusCode).toBe(401);
    expect((await commit(opened.attemptId, { scoId: 'SCO-1', seq: 1, cmi: {} })).statusCode).toBe(401);

    const rows = await ctx.db.withTenant(tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from sco_states where attempt_id in (${attemptId}, ${started.attemptId})`));
    expect(rows[0]!.n).toBe(0);
    expect((await enrolmentRow(learner.enrolmentId)).status).toBe('in_progress');
  });

  it('checks the session of a later commit too, when the attempt is known and no read comes before the write', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    await committed(attemptId, { scoId: 'SCO-1', seq: 1, cmi: cmi12({ lesson_location: 'one' }) });
    const setLastSeen = (interval: string) =>
      ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set last_seen_at = now() - ${interval}::interval where user_id = ${learner.id}`));

    // Activity: a session last seen 15 minutes ago is touched by the commit.
    await setLastSeen('15 minutes');
    forgetAllSessions();
    await committed(attemptId, { scoId: 'SCO-1', seq: 2, cmi: cmi12({ lesson_location: 'two' }) });
    const [session] = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ idle: number }>(tx, sql`select extract(epoch from now() - last_seen_at)::float as idle from sessions where user_id = ${learner.id}`),
    );
    expect(session!.idle).toBeLessThan(60);

    // Idle past the limit: refused, nothing stored, and the session is not revived.
    await setLastSeen('3 hours');
    forgetAllSessions();
    const idle = await commit(attemptId, { scoId: 'SCO-1', seq: 3, cmi: cmi12({ lesson_location: 'three' }) });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    const [stale] = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ idle: number }>(tx, sql`select extract(epoch from now() - last_seen_at)::float as idle from sessions where user_id = ${learner.id}`),
    );
    expect(stale!.idle).toBeGreaterThan(3600);

    // Ended elsewhere: refused.
    await ctx.db.withTenant(tenant.id, (tx) => tx.execute(sql`delete from sessions where user_id = ${learner.id}`));
    forgetAllSessions();
    const ended = await commit(attemptId, { scoId: 'SCO-1', seq: 4, cmi: cmi12({ lesson_location: 'four' }) });
    expect(ended.statusCode).toBe(401);

    const [row] = await ctx.db.withTenant(tenant.id, (tx) =>
      queryRows<{ seq: string | number; location: string }>(tx, sql`select seq, cmi->'core'->>'lesson_location' as location from sco_states where attempt_id = ${attemptId}`),
    );
    expect({ seq: Number(row!.seq), location: row!.location }).toEqual({ seq: 2, location: 'two' });
  });

  it('takes a same-origin beacon commit as text/plain and refuses one without a same-origin sign', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const learner = await enrolledLearner(course);
    const { attemptId } = await launched(learner.cookie, learner.enrolmentId);
    const body = JSON.stringify({ scoId: 'SCO-1', seq: 5, cmi: cmi12({ lesson_location: 'beacon' }) });
    const frame = frames.get(attemptId)!;
    const url = `/launch/${frame.token}/commits/beacon`;
    const ok = await frame.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-site': 'same-origin' }, payload: body });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ seq: 5, accepted: true });
    const resumed = await launched(learner.cookie, learner.enrolmentId);
    expect(resumed.states['SCO-1'].cmi.core.lesson_location).toBe('beacon');

    const crossSite = await frame.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }, payload: body });
    expect(crossSite.statusCode).toBe(403);
    const unsigned = await frame.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: body });
    expect(unsigned.statusCode).toBe(403);
    expect(unsigned.json().error.code).toBe('LEARN_COMMIT_BEACON_ORIGIN');
    // The beacon's JSON is parsed like every other body: prototype poisoning and NUL characters are refused.
    const poisoned = await frame.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' }, payload: '{"scoId":"SCO-1","seq":6,"cmi":{},"__proto__":{"admin":true}}' });
    expect(poisoned.statusCode).toBe(400);
    const nul = await frame.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' }, payload: '{"scoId":"SCO-1","seq":7,"cmi":{"a":"x\\u0000y"}}' });
    expect(nul.json().error.code).toBe('HTTP_NUL_CHARACTER');
    // Plain text stays refused on the ordinary commit route.
    const plain = await frame.inject({ method: 'POST', url: `/launch/${frame.token}/commits`, headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' }, payload: body });
    expect(plain.statusCode).toBe(415);
  });

  it('gives administrators a preview of a version that records nothing; learners get no preview', async () => {
    const course = await createScormCourse(ctx.db, tenant.id);
    const res = await ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${course.versionId}/preview`, headers: { host, cookie: adminCookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ preview: true, attemptId: null, versionId: course.versionId, startScoId: 'SCO-1' });
    const learner = await newLearner();
    const refused = await ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${course.versionId}/preview`, headers: { host, cookie: learner.cookie } });
    expect(refused.statusCode).toBe(403);
    const instructor = await newLearner(['instructor']);
    const byInstructor = await ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${course.versionId}/preview`, headers: { host, cookie: instructor.cookie } });
    expect(byInstructor.statusCode).toBe(200);
    const missing = await ctx.app.inject({ method: 'POST', url: `/api/learn/versions/00000000-0000-4000-8000-000000000000/preview`, headers: { host, cookie: adminCookie } });
    expect(missing.json().error.code).toBe('LEARN_VERSION_NOT_FOUND');
    const [count] = await ctx.db.withTenant(tenant.id, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from attempts a join enrolments e on e.id = a.enrolment_id where e.course_id = ${course.courseId}`));
    expect(count!.n).toBe(0);
  });
});
