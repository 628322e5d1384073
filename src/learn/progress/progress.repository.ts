import { sql } from 'drizzle-orm';
import { queryPreparedRows, type Orm } from '../../platform/db/index.js';
import { verifyAndTouchSessions, type VerifiedSession } from '../../platform/identity/index.js';
import type { ProgressStatus } from '../enrolments/enrolments.schema.js';
import type { ActivityResult } from './activity-result.js';

/**
 * The only place with SQL for recorded progress: the activity states of attempts (table
 * `sco_states`, one row per activity of an attempt whatever the format), the attempts' rollup
 * and the enrolments' summaries.
 */

/**
 * A PostgreSQL array literal for values that need no quoting (UUIDs, base64url session
 * digests), sent as one parameter: `= any(...)` on it lets the planner use the primary keys.
 */
function arrayLiteral(values: string[]): string {
  for (const value of values) if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('array literal value needs quoting');
  return `{${values.join(',')}}`;
}

/** Locks the enrolments in one order, so concurrent writers of progress and launches never deadlock. */
export async function lockEnrolments(tx: Orm, enrolmentIds: string[]): Promise<void> {
  await tx.execute(
    sql`select id from enrolments where id = any(${arrayLiteral(enrolmentIds)}::uuid[]) order by id for update`,
  );
}

/** Locks the enrolments of these attempts, as lockEnrolments does. */
export async function lockEnrolmentsOfAttempts(tx: Orm, attemptIds: string[]): Promise<void> {
  await tx.execute(
    sql`select id from enrolments where id in (select enrolment_id from attempts where id = any(${arrayLiteral(attemptIds)}::uuid[])) order by id for update`,
  );
}

/** One activity's recorded state in an attempt, without the format's data. */
export interface StoredActivityState extends ActivityResult {
  activityId: string;
  seq: number;
}

/** What is stored of an attempt's progress, with the row versions a write is checked against. */
export interface AttemptProgressRow {
  id: string;
  /** The row version (xmin): a write applies only if the attempt did not change since this read. */
  version: string;
  enrolmentId: string;
  /** The enrolment's row version, checked like the attempt's. */
  enrolmentVersion: string;
  /** The learner of the enrolment. */
  userId: string;
  closed: boolean;
  status: ProgressStatus;
  scorePercent: number | null;
  timeSpentSeconds: number;
  completedAt: Date | null;
  enrolmentStatus: ProgressStatus;
  enrolmentScorePercent: number | null;
  enrolmentTimeSpentSeconds: number;
  enrolmentCompletedAt: Date | null;
  /** What closed attempts reached and keep (completed or passed), and their best score. */
  enrolmentEarlierStatus: 'completed' | 'passed' | null;
  enrolmentEarlierScorePercent: number | null;
  states: StoredActivityState[];
}

type Stamp = string | Date | null;
const toDate = (value: Stamp) => (value === null ? null : new Date(value));
const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * In one statement: the attempts with their enrolment summaries and every activity state
 * (without the format's data), and the live sessions among `idHashes` (identity's verification;
 * the commit path checks its sessions in the same round trip). Like the sessions, each attempt
 * is a lateral subquery per key kept apart by `offset 0`.
 */
export async function readAttemptProgress(tx: Orm, attemptIds: string[], idHashes: string[]): Promise<{ attempts: AttemptProgressRow[]; sessions: VerifiedSession[] }> {
  const [row] = await queryPreparedRows<{ attempts: unknown; sessions: unknown }>(
    tx,
    'learn_progress_read',
    sql`select
      (select coalesce(json_agg(found.attempt), '[]'::json) from unnest(${arrayLiteral(attemptIds)}::uuid[]) as k(id)
        cross join lateral (
          select json_build_object('id', a.id, 'version', a.xmin::text, 'enrolmentId', a.enrolment_id, 'enrolmentVersion', e.xmin::text,
            'userId', e.user_id, 'closed', a.closed_at is not null, 'status', a.status,
            'scorePercent', a.score_percent, 'timeSpentSeconds', a.time_spent_seconds, 'completedAt', a.completed_at,
            'enrolmentStatus', e.status, 'enrolmentScorePercent', e.score_percent, 'enrolmentTimeSpentSeconds', e.time_spent_seconds,
            'enrolmentCompletedAt', e.completed_at, 'enrolmentEarlierStatus', e.earlier_status, 'enrolmentEarlierScorePercent', e.earlier_score_percent,
            'states', coalesce((select json_agg(json_build_object('activityId', s.sco_id, 'seq', s.seq, 'completion', s.completion_status,
                        'success', s.success_status, 'scorePercent', s.score_percent, 'progressMeasure', s.progress_measure,
                        'totalTimeSeconds', s.total_time_seconds))
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

export interface ActivityStateWrite {
  attempt_id: string;
  activity_id: string;
  seq: number;
  /** The format's data of the activity (SCORM: the CMI data model), kept as reported. */
  payload: Record<string, unknown>;
  completion_status: ActivityResult['completion'];
  success_status: ActivityResult['success'];
  score_percent: number | null;
  progress_measure: number | null;
  total_time_seconds: number;
}

/** A new summary of an attempt or an enrolment. */
export interface SummaryWrite {
  id: string;
  /** The row version read; a different one means another transaction changed the row meanwhile. */
  version: string;
  status: ProgressStatus;
  score_percent: number | null;
  time_spent_seconds: number;
  completed_at: string | null;
}

export type AttemptWrite = SummaryWrite;
export type EnrolmentWrite = SummaryWrite;

export interface ProgressWrite {
  states: ActivityStateWrite[];
  attempts: AttemptWrite[];
  enrolments: EnrolmentWrite[];
  /** Sessions to verify in the same statement, as they were before its touches. */
  verifySessions: string[];
  /** Sessions whose activity is written now, where it is due (identity's touch interval). */
  touchSessions: string[];
}

/** What a write left behind: the new row versions by attempt id and by enrolment id, and the sessions looked up. */
export interface ProgressWritten {
  attempts: Map<string, string>;
  enrolments: Map<string, string>;
  sessions: VerifiedSession[];
}

/**
 * One statement for all of it: the activity states (multi-row upsert, a newer sequence number
 * only), the attempts' rollup, the enrolments' summaries, each attempt and enrolment only if its
 * row version is still the one the write was computed from, the sessions' activity, and the
 * sessions to check. Returns null (and the caller must roll back) when a row had changed.
 */
export async function writeAttemptProgress(tx: Orm, write: ProgressWrite): Promise<ProgressWritten | null> {
  type Written = { id: string; version: string }[];
  const { states, attempts, enrolments } = write;
  const [result] = await queryPreparedRows<{ attempts: Written | string; enrolments: Written | string; sessions: unknown }>(tx, 'learn_progress_write', sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(states)}::jsonb) as x(attempt_id uuid, activity_id text, seq bigint, payload jsonb,
        completion_status text, success_status text, score_percent real, progress_measure real, total_time_seconds integer)
    ), upserted as (
      insert into sco_states as s (attempt_id, sco_id, seq, cmi, completion_status, success_status, score_percent, progress_measure, total_time_seconds, updated_at)
      select attempt_id, activity_id, seq, payload, completion_status, success_status, score_percent, progress_measure, total_time_seconds, now() from input
      on conflict (attempt_id, sco_id) do update set seq = excluded.seq, cmi = excluded.cmi, completion_status = excluded.completion_status,
        success_status = excluded.success_status, score_percent = excluded.score_percent, progress_measure = excluded.progress_measure,
        total_time_seconds = excluded.total_time_seconds,
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
    ), session_touches as (${verifyAndTouchSessions.touch(write.touchSessions)})
    select (select count(*) from upserted) as states,
      (select coalesce(json_agg(json_build_object('id', id, 'version', version)), '[]'::json) from attempt_updates) as attempts,
      (select coalesce(json_agg(json_build_object('id', id, 'version', version)), '[]'::json) from enrolment_updates) as enrolments,
      (select count(*) from session_touches) as touched,
      ${verifyAndTouchSessions.verified(write.verifySessions)} as sessions`);
  const written = { attempts: parsed<Written>(result!.attempts), enrolments: parsed<Written>(result!.enrolments) };
  if (written.attempts.length !== attempts.length || written.enrolments.length !== enrolments.length) return null;
  return {
    attempts: new Map(written.attempts.map((row) => [row.id, row.version])),
    enrolments: new Map(written.enrolments.map((row) => [row.id, row.version])),
    sessions: verifyAndTouchSessions.parse(result!.sessions),
  };
}
