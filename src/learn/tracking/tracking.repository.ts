import { sql } from 'drizzle-orm';
import { queryPreparedRows, queryRows, type Orm } from '../../platform/db/index.js';
import { verifyAndTouchSessions, type VerifiedSession } from '../../platform/identity/index.js';
import type { CourseStatus } from '../courses/courses.schema.js';
import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { PackageManifest } from '../packages/manifest.types.js';
import type { Completion, Success } from './progress-mapping.js';

/** The only place with SQL for attempts and SCO states. */

/**
 * A PostgreSQL array literal for values that need no quoting (UUIDs, base64url session
 * digests), sent as one parameter: `= any(...)` on it lets the planner use the primary keys.
 */
function arrayLiteral(values: string[]): string {
  for (const value of values) if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('array literal value needs quoting');
  return `{${values.join(',')}}`;
}

export interface EnrolmentRow {
  id: string;
  courseId: string;
  userId: string;
  status: ProgressStatus;
  /** The course's status: learners play only published courses. */
  courseStatus: CourseStatus;
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
export async function lockEnrolment(tx: Orm, enrolmentId: string, userId?: string): Promise<EnrolmentRow | undefined> {
  const rows = await queryRows<EnrolmentRow>(
    tx,
    sql`select e.id, e.course_id as "courseId", e.user_id as "userId", e.status, c.status as "courseStatus"
          from enrolments e join courses c on c.id = e.course_id
         where e.id = ${enrolmentId} ${userId === undefined ? sql`` : sql`and e.user_id = ${userId}`} for update of e`,
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
        where i.course_id = ${courseId} and i.kind = 'scorm' order by i.position, i.created_at limit 1`,
  );
  return rows[0];
}

export async function findVersion(tx: Orm, versionId: string): Promise<VersionRow | undefined> {
  const rows = await queryRows<VersionRow>(
    tx,
    sql`select id, scorm_version as "scormVersion", manifest from content_versions where id = ${versionId} and kind = 'scorm'`,
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
  await tx.execute(sql`update enrolments set status = 'not_started', score_percent = null, completed_at = null where id = ${enrolmentId}`);
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

// ---- group commit ----

/** Locks the enrolments of a batch in one order, so concurrent batches and launches never deadlock. */
export async function lockEnrolments(tx: Orm, enrolmentIds: string[]): Promise<void> {
  await tx.execute(
    sql`select id from enrolments where id = any(${arrayLiteral(enrolmentIds)}::uuid[]) order by id for update`,
  );
}

export interface AttemptProgressRow {
  id: string;
  /** The row version (xmin): the batch's write applies only if the attempt did not change since this read. */
  version: string;
  enrolmentId: string;
  /** The enrolment's row version, checked like the attempt's. */
  enrolmentVersion: string;
  closed: boolean;
  status: ProgressStatus;
  scorePercent: number | null;
  timeSpentSeconds: number;
  completedAt: Date | null;
  enrolmentStatus: ProgressStatus;
  enrolmentScorePercent: number | null;
  enrolmentTimeSpentSeconds: number;
  enrolmentCompletedAt: Date | null;
  states: { scoId: string; seq: number; completion: Completion; success: Success; scorePercent: number | null; totalTimeSeconds: number }[];
}

type Stamp = string | Date | null;
const toDate = (value: Stamp) => (value === null ? null : new Date(value));
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * In one statement: the attempts of a batch with their enrolment summaries and every SCO state
 * (without the CMI data), and the live sessions among `idHashes` (identity's verification).
 * Like the sessions, each attempt is a lateral subquery per key kept apart by `offset 0`.
 */
export async function readBatchState(tx: Orm, attemptIds: string[], idHashes: string[]): Promise<{ attempts: AttemptProgressRow[]; sessions: VerifiedSession[] }> {
  const [row] = await queryPreparedRows<{ attempts: unknown; sessions: unknown }>(
    tx,
    'learn_commit_batch_read',
    sql`select
      (select coalesce(json_agg(found.attempt), '[]'::json) from unnest(${arrayLiteral(attemptIds)}::uuid[]) as k(id)
        cross join lateral (
          select json_build_object('id', a.id, 'version', a.xmin::text, 'enrolmentId', a.enrolment_id, 'enrolmentVersion', e.xmin::text,
            'closed', a.closed_at is not null, 'status', a.status,
            'scorePercent', a.score_percent, 'timeSpentSeconds', a.time_spent_seconds, 'completedAt', a.completed_at,
            'enrolmentStatus', e.status, 'enrolmentScorePercent', e.score_percent, 'enrolmentTimeSpentSeconds', e.time_spent_seconds,
            'enrolmentCompletedAt', e.completed_at,
            'states', coalesce((select json_agg(json_build_object('scoId', s.sco_id, 'seq', s.seq, 'completion', s.completion_status,
                        'success', s.success_status, 'scorePercent', s.score_percent, 'totalTimeSeconds', s.total_time_seconds))
                      from sco_states s where s.attempt_id = a.id), '[]'::json)) as attempt
          from attempts a join enrolments e on e.id = a.enrolment_id
          where a.id = k.id offset 0) as found) as attempts,
      ${verifyAndTouchSessions.verified(idHashes)} as sessions`,
  );
  type RawAttempt = Omit<AttemptProgressRow, 'completedAt' | 'enrolmentCompletedAt'> & { completedAt: Stamp; enrolmentCompletedAt: Stamp };
  const attempts = parsed<RawAttempt[]>(row!.attempts as RawAttempt[]).map((attempt) => ({
    ...attempt,
    completedAt: toDate(attempt.completedAt),
    enrolmentCompletedAt: toDate(attempt.enrolmentCompletedAt),
  }));
  return { attempts, sessions: verifyAndTouchSessions.parse(row!.sessions) };
}

export interface ScoStateWrite {
  attempt_id: string;
  sco_id: string;
  seq: number;
  cmi: unknown;
  completion_status: Completion;
  success_status: Success;
  score_percent: number | null;
  total_time_seconds: number;
}

export interface AttemptWrite {
  id: string;
  /** The version read; a different one means another transaction changed the attempt meanwhile. */
  version: string;
  status: ProgressStatus;
  score_percent: number | null;
  time_spent_seconds: number;
  completed_at: string | null;
}

export interface EnrolmentWrite {
  id: string;
  /** The version read, as for the attempt. */
  version: string;
  status: ProgressStatus;
  score_percent: number | null;
  time_spent_seconds: number;
  completed_at: string | null;
}

export interface BatchWrite {
  states: ScoStateWrite[];
  attempts: AttemptWrite[];
  enrolments: EnrolmentWrite[];
  /** Sessions to verify in the same statement, as they were before its touches. */
  verifySessions: string[];
  /** Sessions whose activity is written now, where it is due (identity's touch interval). */
  touchSessions: string[];
}

/** What a batch's write left behind: the new row versions by attempt id and by enrolment id, and the sessions looked up. */
export interface BatchWritten {
  attempts: Map<string, string>;
  enrolments: Map<string, string>;
  sessions: VerifiedSession[];
}

/**
 * One statement for the whole batch: the SCO states (multi-row upsert, a newer sequence number
 * only), the attempts' rollup, the enrolments' summaries, each attempt and enrolment only if its
 * row version is still the one the batch was computed from, the sessions' activity, and the
 * sessions to check. Returns null (and the caller must roll back) when a row had changed.
 */
export async function writeBatch(tx: Orm, batch: BatchWrite): Promise<BatchWritten | null> {
  type Written = { id: string; version: string }[];
  const { states, attempts, enrolments } = batch;
  const [result] = await queryPreparedRows<{ attempts: Written | string; enrolments: Written | string; sessions: unknown }>(tx, 'learn_commit_batch_write', sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(states)}::jsonb) as x(attempt_id uuid, sco_id text, seq bigint, cmi jsonb,
        completion_status text, success_status text, score_percent real, total_time_seconds integer)
    ), upserted as (
      insert into sco_states as s (attempt_id, sco_id, seq, cmi, completion_status, success_status, score_percent, total_time_seconds, updated_at)
      select attempt_id, sco_id, seq, cmi, completion_status, success_status, score_percent, total_time_seconds, now() from input
      on conflict (attempt_id, sco_id) do update set seq = excluded.seq, cmi = excluded.cmi, completion_status = excluded.completion_status,
        success_status = excluded.success_status, score_percent = excluded.score_percent, total_time_seconds = excluded.total_time_seconds,
        updated_at = excluded.updated_at
      where s.seq < excluded.seq
      returning 1
    ), attempt_updates as (
      update attempts a set status = x.status, score_percent = x.score_percent, time_spent_seconds = x.time_spent_seconds,
        completed_at = x.completed_at, last_access_at = now()
      from jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb) as x(id uuid, version text, status text, score_percent real, time_spent_seconds integer, completed_at timestamptz)
      where a.id = x.id and a.id = any(${arrayLiteral(attempts.map((a) => a.id))}::uuid[]) and a.xmin::text = x.version
      returning a.id, a.xmin::text as version
    ), enrolment_updates as (
      update enrolments e set status = x.status, score_percent = x.score_percent, time_spent_seconds = x.time_spent_seconds,
        completed_at = x.completed_at, first_access_at = coalesce(e.first_access_at, now()), last_access_at = now()
      from jsonb_to_recordset(${JSON.stringify(enrolments)}::jsonb) as x(id uuid, version text, status text, score_percent real, time_spent_seconds integer, completed_at timestamptz)
      where e.id = x.id and e.id = any(${arrayLiteral(enrolments.map((e) => e.id))}::uuid[]) and e.xmin::text = x.version
      returning e.id, e.xmin::text as version
    ), session_touches as (${verifyAndTouchSessions.touch(batch.touchSessions)})
    select (select count(*) from upserted) as states,
      (select coalesce(json_agg(json_build_object('id', id, 'version', version)), '[]'::json) from attempt_updates) as attempts,
      (select coalesce(json_agg(json_build_object('id', id, 'version', version)), '[]'::json) from enrolment_updates) as enrolments,
      (select count(*) from session_touches) as touched,
      ${verifyAndTouchSessions.verified(batch.verifySessions)} as sessions`);
  const written = { attempts: parsed<Written>(result!.attempts), enrolments: parsed<Written>(result!.enrolments) };
  if (written.attempts.length !== attempts.length || written.enrolments.length !== enrolments.length) return null;
  return {
    attempts: new Map(written.attempts.map((row) => [row.id, row.version])),
    enrolments: new Map(written.enrolments.map((row) => [row.id, row.version])),
    sessions: verifyAndTouchSessions.parse(result!.sessions),
  };
}
