import { sql } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';

/** Who gets a notice about an enrolment, and what it names. */
export interface NoticeRecipient {
  enrolmentId: string;
  userId: string;
  email: string;
  firstName: string;
  /** The user's own language, when known. */
  language: string | null;
  courseTitle: string;
  dueAt: Date | null;
}

export interface RawRecipient {
  enrolment_id: string;
  user_id: string;
  email: string;
  first_name: string;
  language: string | null;
  course_title: string;
  due_at: Date | string | null;
}

const DONE = sql`('completed', 'passed')`;

export function toRecipient(r: RawRecipient): NoticeRecipient {
  return {
    enrolmentId: r.enrolment_id,
    userId: r.user_id,
    email: r.email,
    firstName: r.first_name,
    language: r.language,
    courseTitle: r.course_title,
    dueAt: r.due_at === null ? null : new Date(r.due_at),
  };
}

/**
 * The enrolments among `ids` whose learner should hear of them: an active account, a published
 * course, and not done already.
 */
export async function selectEnrolledRecipients(tx: Orm, ids: string[]): Promise<NoticeRecipient[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<RawRecipient>(
    tx,
    sql`select e.id as enrolment_id, e.user_id, u.email, u.first_name, u.language, c.title as course_title, e.due_at
        from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id
        where e.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
          and u.status = 'active' and c.status = 'published' and e.status not in ${DONE}`,
  );
  return rows.map(toRecipient);
}

/**
 * Marks up to `limit` enrolments as reminded and returns them: due within `windowDays` from
 * `now`, not done, an active learner, a published course, not reminded before, and enrolled
 * before the reminder window opened (whoever is enrolled later learns the due date from the
 * enrolment mail). SKIP LOCKED and the sent mark make each reminder go out once, even with
 * several nodes scanning.
 */
export async function claimReminders(tx: Orm, now: Date, windowDays: number, limit: number): Promise<NoticeRecipient[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const window = sql`(${windowDays}::int * interval '1 day')`;
  const rows = await queryRows<RawRecipient>(
    tx,
    sql`update enrolments e set reminder_sent_at = ${at}
        from users u, courses c
        where u.id = e.user_id and c.id = e.course_id and e.id in (
          select x.id from enrolments x
            join users xu on xu.id = x.user_id join courses xc on xc.id = x.course_id
          where x.reminder_sent_at is null and x.due_at > ${at} and x.due_at <= ${at} + ${window}
            and x.enrolled_at < x.due_at - ${window}
            and x.status not in ${DONE} and xu.status = 'active' and xc.status = 'published'
          order by x.due_at, x.id
          limit ${limit}
          for update of x skip locked)
        returning e.id as enrolment_id, e.user_id, u.email, u.first_name, u.language, c.title as course_title, e.due_at`,
  );
  return rows.map(toRecipient);
}

/** Marks up to `limit` enrolments past their due date as told so and returns them (same conditions as reminders). */
export async function claimOverdue(tx: Orm, now: Date, limit: number): Promise<NoticeRecipient[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await queryRows<RawRecipient>(
    tx,
    sql`update enrolments e set overdue_sent_at = ${at}
        from users u, courses c
        where u.id = e.user_id and c.id = e.course_id and e.id in (
          select x.id from enrolments x
            join users xu on xu.id = x.user_id join courses xc on xc.id = x.course_id
          where x.overdue_sent_at is null and x.due_at <= ${at}
            and x.status not in ${DONE} and xu.status = 'active' and xc.status = 'published'
          order by x.due_at, x.id
          limit ${limit}
          for update of x skip locked)
        returning e.id as enrolment_id, e.user_id, u.email, u.first_name, u.language, c.title as course_title, e.due_at`,
  );
  return rows.map(toRecipient);
}
