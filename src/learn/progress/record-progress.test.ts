import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { queryRows, type Db } from '../../platform/db/client.js';
import type { AppError } from '../../platform/http/errors.js';
import type { User } from '../../platform/identity/index.js';
import { createUser } from '../../platform/identity/users.service.js';
import { courseReportQuery, learnerReportQuery } from '../reports/reports.contract.js';
import { courseReport, learnerReport } from '../reports/reports.service.js';
import type { ActivityResult } from './activity-result.js';
import { activity, cluster } from './activity-tree.test-support.js';
import type { ProgressObservation } from './progress-plan.js';
import { recordProgress, type AttemptObservations } from './record-progress.js';

/**
 * The activity tree a cmi5 course with two assignable units gives. The attempts below belong to
 * a course stored as a SCORM package (the fixtures make no other kind): recordProgress reads
 * nothing of the content but the tree it is given.
 */
const CMI5_COURSE = cluster('https://example.test/course', [activity('https://example.test/au/intro'), activity('https://example.test/au/quiz')]);

/** What an xAPI statement about an assignable unit gives progress (the statement's id and verb kept as the payload). */
function statement(au: 'intro' | 'quiz', storedAt: number, verb: string, result: Partial<ActivityResult>): ProgressObservation {
  return {
    activityId: `https://example.test/au/${au}`,
    seq: storedAt,
    result: { completion: 'unknown', success: 'unknown', scorePercent: null, progressMeasure: null, totalTimeSeconds: 0, ...result },
    payload: { statementId: `statement-${au}-${storedAt}`, verb: `http://adlnet.gov/expapi/verbs/${verb}` },
  };
}

describe(`recordProgress (${engine})`, () => {
  let db: Db;
  let tenantId: string;
  let courseId: string;
  let versionId: string;
  let admin: User;
  let learners = 0;

  beforeAll(async () => {
    db = await createTestDb();
    const site = await createTenantWithUser(db, 'acme');
    tenantId = site.tenant.id;
    ({ courseId, versionId } = await createScormCourse(db, tenantId, { title: 'Onboarding' }));
    const [row] = await queryRows<{ id: string }>(db.owner, sql`select id from users where tenant_id = ${tenantId} and email = ${site.email}`);
    admin = { id: row!.id, tenantId, email: site.email, firstName: 'Ada', lastName: 'acme', roles: ['admin'], status: 'active', passwordChangeRequired: false };
  });
  afterAll(() => db.close());

  async function openAttempt(): Promise<{ attemptId: string; enrolmentId: string; userId: string }> {
    learners += 1;
    const user = await createUser(db, tenantId, { email: `lea${learners}@acme.test`, firstName: 'Lea', lastName: `Rner${learners}`, roles: ['learner'] });
    const enrolmentId = await enrolDirectly(db, tenantId, courseId, user.id);
    const [attempt] = await db.withTenant(tenantId, (tx) =>
      queryRows<{ id: string }>(tx, sql`insert into attempts (enrolment_id, version_id, number, status) values (${enrolmentId}, ${versionId}, 1, 'in_progress') returning id`),
    );
    return { attemptId: attempt!.id, enrolmentId, userId: user.id };
  }

  const record = (attemptId: string, observations: ProgressObservation[], tree = CMI5_COURSE) =>
    db.withTenant(tenantId, (tx) => recordProgress({ tx }, { attemptId, tree, observations } satisfies AttemptObservations));

  const completions = (enrolmentId: string) =>
    queryRows<{ payload: { data: Record<string, unknown> } }>(
      db.owner,
      sql`select payload from jobs where kind = 'domain_event' and payload->>'name' = 'learn.enrolment.completed' and payload->'data'->>'enrolmentId' = ${enrolmentId}`,
    );

  const storedStates = (attemptId: string) =>
    db.withTenant(tenantId, (tx) =>
      queryRows<{ activityId: string; seq: string | number; payload: Record<string, unknown>; completion: string }>(
        tx,
        sql`select sco_id as "activityId", seq, cmi as payload, completion_status as completion from sco_states where attempt_id = ${attemptId} order by sco_id`,
      ),
    );

  const reportRowOf = async (userId: string) => {
    const report = await courseReport(db, tenantId, admin, courseId, courseReportQuery.parse({ pageSize: 100 }));
    return report.rows.find((row) => row.userId === userId);
  };

  it('moves the enrolment on statements of assignable units, the reports show it, and the completion is announced once', async () => {
    const { attemptId, enrolmentId, userId } = await openAttempt();

    const launched = await record(attemptId, [statement('intro', 1_000, 'completed', { completion: 'completed', totalTimeSeconds: 120 })]);
    expect(launched.outcomes).toEqual(['accepted']);
    expect(launched.enrolment).toMatchObject({ status: 'in_progress', timeSpentSeconds: 120 });
    expect(await reportRowOf(userId)).toMatchObject({ status: 'in_progress', scorePercent: null, timeSpentSeconds: 120, completedAt: null });
    expect(await completions(enrolmentId)).toHaveLength(0);

    const passed = await record(attemptId, [statement('quiz', 2_000, 'passed', { completion: 'completed', success: 'passed', scorePercent: 80, totalTimeSeconds: 300 })]);
    expect(passed.outcomes).toEqual(['accepted']);
    expect(passed.attempt).toEqual({ status: 'passed', scorePercent: 80, timeSpentSeconds: 420 });
    const row = await reportRowOf(userId);
    expect(row).toMatchObject({ status: 'passed', scorePercent: 80, timeSpentSeconds: 420 });
    expect(row!.completedAt).not.toBeNull();
    const learnerView = await learnerReport(db, tenantId, admin, userId, learnerReportQuery.parse({}));
    expect(learnerView.rows).toEqual([expect.objectContaining({ courseId, status: 'passed', scorePercent: 80 })]);

    const [event] = await completions(enrolmentId);
    expect(event!.payload.data).toMatchObject({ enrolmentId, userId, status: 'passed', scorePercent: 80 });

    // The same statement again is stale; another one about the finished course is stored and announces nothing.
    expect((await record(attemptId, [statement('quiz', 2_000, 'passed', { completion: 'completed', success: 'passed', scorePercent: 80 })])).outcomes).toEqual(['stale']);
    expect((await record(attemptId, [statement('intro', 3_000, 'experienced', { completion: 'completed', totalTimeSeconds: 150 })])).outcomes).toEqual(['accepted']);
    expect(await completions(enrolmentId)).toHaveLength(1);
    expect(await reportRowOf(userId)).toMatchObject({ status: 'passed', timeSpentSeconds: 450 });

    // The format's data is kept as it came, one row per activity.
    expect((await storedStates(attemptId)).map(({ activityId, seq, payload }) => [activityId, Number(seq), payload.verb])).toEqual([
      ['https://example.test/au/intro', 3_000, 'http://adlnet.gov/expapi/verbs/experienced'],
      ['https://example.test/au/quiz', 2_000, 'http://adlnet.gov/expapi/verbs/passed'],
    ]);
  });

  it('records several observations of one attempt in one call, the newest of an activity winning', async () => {
    const { attemptId, enrolmentId, userId } = await openAttempt();
    const outcome = await record(attemptId, [
      statement('intro', 10, 'completed', { completion: 'completed', totalTimeSeconds: 60 }),
      statement('quiz', 12, 'passed', { completion: 'completed', success: 'passed', scorePercent: 95, totalTimeSeconds: 90 }),
      statement('quiz', 11, 'failed', { completion: 'completed', success: 'failed', scorePercent: 20, totalTimeSeconds: 30 }),
    ]);
    expect(outcome.outcomes).toEqual(['accepted', 'accepted', 'stale']);
    expect(await reportRowOf(userId)).toMatchObject({ status: 'passed', scorePercent: 95, timeSpentSeconds: 150 });
    expect(await completions(enrolmentId)).toHaveLength(1);
  });

  it('stores nothing for a closed attempt or one that does not exist', async () => {
    const { attemptId, userId } = await openAttempt();
    await db.withTenant(tenantId, (tx) => tx.execute(sql`update attempts set closed_at = now() where id = ${attemptId}`));
    const closed = await record(attemptId, [statement('intro', 1, 'completed', { completion: 'completed' })]);
    expect(closed).toEqual({ outcomes: ['closed'], attempt: null, enrolment: null });
    const missing = await record('00000000-0000-4000-8000-000000000000', [statement('intro', 1, 'completed', { completion: 'completed' })]);
    expect(missing.outcomes).toEqual(['missing']);
    expect(await storedStates(attemptId)).toEqual([]);
    expect(await reportRowOf(userId)).toMatchObject({ status: 'not_started' });
  });

  it('refuses an activity outside the tree and a malformed observation with a code naming the field, writing nothing of the call', async () => {
    const { attemptId, userId } = await openAttempt();
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: AppError) => ({ code: error.code, fields: error.fields?.map((field) => field.field) }),
      );
    const good = statement('intro', 1, 'completed', { completion: 'completed' });
    expect(await codeOf(record(attemptId, [good, { ...good, activityId: 'https://example.test/au/elsewhere' }]))).toEqual({
      code: 'LEARN_PROGRESS_UNKNOWN_ACTIVITY',
      fields: ['observations[1].activityId'],
    });
    expect(
      await codeOf(
        record(attemptId, [
          { ...good, seq: -1 },
          { ...good, result: { ...good.result, scorePercent: 140, totalTimeSeconds: 1.5 } },
        ]),
      ),
    ).toEqual({ code: 'LEARN_PROGRESS_INVALID', fields: ['observations[0].seq', 'observations[1].result.scorePercent', 'observations[1].result.totalTimeSeconds'] });
    expect(await codeOf(record(attemptId, []))).toEqual({ code: 'LEARN_PROGRESS_INVALID', fields: ['observations'] });
    expect(await codeOf(record('not-an-attempt', [good]))).toEqual({ code: 'LEARN_ATTEMPT_NOT_FOUND', fields: undefined });
    expect(await storedStates(attemptId)).toEqual([]);
    expect(await reportRowOf(userId)).toMatchObject({ status: 'not_started', timeSpentSeconds: 0 });
  });
});
