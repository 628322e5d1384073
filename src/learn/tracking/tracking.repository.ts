import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import type { CourseStatus } from '../courses/courses.schema.js';
import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { PackageManifest } from '../packages/manifest.types.js';
import type { Completion, Success } from '../progress/activity-result.js';

/** SQL of the player: enrolments and attempts at launch and reset, versions, the SCO states a launch resumes from (what commits record is written by progress/progress.repository.ts). */

export interface EnrolmentRow {
  id: string;
  courseId: string;
  userId: string;
  status: ProgressStatus;
  /** The course's status: learners play only published courses. */
  courseStatus: CourseStatus;
  /** What the player shows as its title (the course's, not the package's). */
  courseTitle: string;
}

export interface AttemptRow {
  id: string;
  enrolmentId: string;
  versionId: string;
  number: number;
  status: ProgressStatus;
}

export interface VersionRow {
  id: string;
  scormVersion: string | null;
  manifest: PackageManifest;
}

export interface StoredScoState {
  scoId: string;
  seq: number;
  cmi: unknown;
  completion: Completion;
  success: Success;
  scorePercent: number | null;
  totalTimeSeconds: number;
}

/** The enrolment, locked for the rest of the transaction: every change of its attempts takes this lock first. */
export async function lockEnrolment(tx: Orm, enrolmentId: string): Promise<EnrolmentRow | undefined> {
  const rows = await queryRows<EnrolmentRow>(
    tx,
    sql`select e.id, e.course_id as "courseId", e.user_id as "userId", e.status, c.status as "courseStatus", c.title as "courseTitle"
          from enrolments e join courses c on c.id = e.course_id
         where e.id = ${enrolmentId} for update of e`,
  );
  return rows[0];
}

export async function findOpenAttempt(tx: Orm, enrolmentId: string): Promise<AttemptRow | undefined> {
  const rows = await queryRows<AttemptRow>(
    tx,
    sql`select id, enrolment_id as "enrolmentId", version_id as "versionId", number, status from attempts
        where enrolment_id = ${enrolmentId} and closed_at is null order by number desc limit 1`,
  );
  return rows[0];
}

/** The version new attempts of a course start on: the current version of its first SCORM item. */
export async function findCurrentVersion(tx: Orm, courseId: string): Promise<VersionRow | undefined> {
  const rows = await queryRows<VersionRow>(
    tx,
    sql`select v.id, v.scorm_version as "scormVersion", v.manifest from course_items i
        join content_versions v on v.id = i.current_version_id
        where i.course_id = ${courseId} and i.kind in ('scorm', 'xapi', 'cmi5') order by i.position, i.created_at limit 1`,
  );
  return rows[0];
}

/** The title of the course a content version belongs to (the player shows it, not the package's). */
export async function findCourseTitleOfVersion(tx: Orm, versionId: string): Promise<string | undefined> {
  const rows = await queryRows<{ title: string }>(
    tx,
    sql`select c.title from content_versions v join course_items i on i.id = v.item_id join courses c on c.id = i.course_id where v.id = ${versionId}`,
  );
  return rows[0]?.title;
}

export async function findVersion(tx: Orm, versionId: string): Promise<VersionRow | undefined> {
  const rows = await queryRows<VersionRow>(
    tx,
    sql`select id, scorm_version as "scormVersion", manifest from content_versions where id = ${versionId} and kind in ('scorm', 'xapi', 'cmi5')`,
  );
  return rows[0];
}

export async function closeAttempts(tx: Orm, enrolmentId: string): Promise<string[]> {
  // A closed attempt's launch credentials end with it (launch-grants: files refused, commits answered "closed").
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update attempts set closed_at = now() where enrolment_id = ${enrolmentId} and closed_at is null returning id`,
  );
  return rows.map((row) => row.id);
}

/**
 * Before a learner's new attempt opens: what the enrolment reached so far (a completion or pass,
 * the best score) is kept as the earlier attempts', so the new attempt cannot take it away.
 */
export async function keepEarlierAttempts(tx: Orm, enrolmentId: string): Promise<void> {
  await tx.execute(
    sql`update enrolments set earlier_status = case when status in ('completed', 'passed') then status else earlier_status end,
          earlier_score_percent = score_percent
        where id = ${enrolmentId}`,
  );
}

/** A new attempt (numbered after the last one) on a version; counts it in the enrolment. */
export async function insertAttempt(tx: Orm, enrolmentId: string, versionId: string): Promise<AttemptRow> {
  const rows = await queryRows<AttemptRow>(
    tx,
    sql`insert into attempts (enrolment_id, version_id, number, status)
        select ${enrolmentId}, ${versionId}, coalesce(max(number), 0) + 1, 'in_progress' from attempts where enrolment_id = ${enrolmentId}
        returning id, enrolment_id as "enrolmentId", version_id as "versionId", number, status`,
  );
  await tx.execute(sql`update enrolments set attempt_count = attempt_count + 1 where id = ${enrolmentId}`);
  return rows[0]!;
}

/** Opening the player is access: first/last access, and a not-started enrolment and attempt are now in progress. */
export async function recordAccess(tx: Orm, enrolmentId: string, attemptId: string): Promise<void> {
  await tx.execute(
    sql`update enrolments set first_access_at = coalesce(first_access_at, now()), last_access_at = now(),
          status = case when status = 'not_started' then 'in_progress' else status end
        where id = ${enrolmentId}`,
  );
  await tx.execute(
    sql`update attempts set last_access_at = now(), status = case when status = 'not_started' then 'in_progress' else status end
        where id = ${attemptId}`,
  );
}

export async function listScoStates(tx: Orm, attemptId: string): Promise<(StoredScoState & { updatedAt: Date })[]> {
  const rows = await queryRows<StoredScoState & { updatedAt: Date | string }>(
    tx,
    sql`select sco_id as "scoId", seq, cmi, completion_status as completion, success_status as success,
          score_percent as "scorePercent", total_time_seconds as "totalTimeSeconds", updated_at as "updatedAt"
        from sco_states where attempt_id = ${attemptId} order by updated_at`,
  );
  return rows.map((row) => ({ ...row, seq: Number(row.seq), updatedAt: new Date(row.updatedAt) }));
}

export async function resetEnrolmentSummary(tx: Orm, enrolmentId: string): Promise<void> {
  await tx.execute(
    sql`update enrolments set status = 'not_started', score_percent = null, completed_at = null, earlier_status = null, earlier_score_percent = null
        where id = ${enrolmentId}`,
  );
}

/** What the commit path needs to know about an attempt; none of it changes during the attempt's life. */
export interface AttemptIdentity {
  attemptId: string;
  enrolmentId: string;
  userId: string;
  versionId: string;
}

export async function findAttemptIdentity(tx: Orm, attemptId: string): Promise<AttemptIdentity | undefined> {
  const rows = await queryRows<AttemptIdentity>(
    tx,
    sql`select a.id as "attemptId", a.enrolment_id as "enrolmentId", e.user_id as "userId", a.version_id as "versionId"
        from attempts a join enrolments e on e.id = a.enrolment_id where a.id = ${attemptId}`,
  );
  return rows[0];
}

/** The sequence number stored for one activity of an attempt (0 when it has reported nothing yet). */
export async function findActivitySeq(tx: Orm, attemptId: string, activityId: string): Promise<number> {
  const rows = await queryRows<{ seq: string | number }>(tx, sql`select seq from sco_states where attempt_id = ${attemptId} and sco_id = ${activityId}`);
  return rows[0] ? Number(rows[0].seq) : 0;
}
