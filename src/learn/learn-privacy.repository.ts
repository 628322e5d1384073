import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../platform/db/index.js';

type Rows = Record<string, unknown>[];

/** Learn's records of one person, for their data export. */
export async function learnRowsOfUser(tx: Orm, userId: string): Promise<{ enrolments: Rows; attempts: Rows; scormData: Rows; certificates: Rows; paths: Rows; purchasedAccess: Rows }> {
  return {
    enrolments: await queryRows(
      tx,
      sql`select c.title as course, e.status, e.score_percent, e.source, e.due_at, e.enrolled_at, e.first_access_at, e.last_access_at, e.completed_at, e.time_spent_seconds, e.attempt_count
            from enrolments e join courses c on c.id = e.course_id where e.user_id = ${userId} order by e.enrolled_at`,
    ),
    attempts: await queryRows(
      tx,
      sql`select c.title as course, a.number, a.status, a.score_percent, a.time_spent_seconds, a.started_at, a.last_access_at, a.completed_at, a.closed_at
            from attempts a join enrolments e on e.id = a.enrolment_id join courses c on c.id = e.course_id where e.user_id = ${userId} order by a.started_at`,
    ),
    scormData: await queryRows(
      tx,
      sql`select c.title as course, a.number as attempt, s.sco_id, s.completion_status, s.success_status, s.score_percent, s.total_time_seconds, s.updated_at, s.cmi
            from sco_states s join attempts a on a.id = s.attempt_id join enrolments e on e.id = a.enrolment_id join courses c on c.id = e.course_id
           where e.user_id = ${userId} order by s.updated_at`,
    ),
    certificates: await queryRows(
      tx,
      sql`select code, course_title, learner_name, status, score_percent, completed_at, issued_at, revoked_at, revoke_reason from certificates where user_id = ${userId} order by issued_at`,
    ),
    paths: await queryRows(
      tx,
      sql`select p.title as learning_path, pe.source, pe.enrolled_at, pe.completed_at from learning_path_enrolments pe join learning_paths p on p.id = pe.path_id where pe.user_id = ${userId} order by pe.enrolled_at`,
    ),
    purchasedAccess: await queryRows(
      tx,
      sql`select c.title as course, pa.reference, pa.created_at, pa.ends_at from purchased_access pa join courses c on c.id = pa.course_id where pa.user_id = ${userId} order by pa.created_at`,
    ),
  };
}

/**
 * Erasure in Learn: enrolments, attempts and completions stay (reports count them; they point at
 * the anonymised account); the copies of the person's name go: in certificates and in the SCORM
 * runtime data courses were given (cmi.learner_name, cmi.core.student_name). Launch credentials
 * of the person end.
 */
export async function eraseLearnRowsOfUser(tx: Orm, userId: string, displayName: string): Promise<Record<string, number>> {
  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(tx, sql`with changed as (${query} returning 1) select count(*)::int as n from changed`))[0]?.n ?? 0;
  const name = JSON.stringify(displayName);
  return {
    certificatesRenamed: await count(sql`update certificates set learner_name = ${displayName} where user_id = ${userId}`),
    scormDataAnonymised: await count(
      sql`update sco_states s
             set cmi = case
                 when s.cmi ? 'learner_name' then jsonb_set(s.cmi, '{learner_name}', ${name}::jsonb)
                 when s.cmi->'core' ? 'student_name' then jsonb_set(s.cmi, '{core,student_name}', ${name}::jsonb)
                 else s.cmi end
            from attempts a join enrolments e on e.id = a.enrolment_id
           where a.id = s.attempt_id and e.user_id = ${userId} and (s.cmi ? 'learner_name' or s.cmi->'core' ? 'student_name')`,
    ),
    launchCredentialsEnded: await count(sql`delete from launch_grants where user_id = ${userId}`),
  };
}
