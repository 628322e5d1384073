import { sql, type SQL } from 'drizzle-orm';
import { containsPattern, type Orm, queryRows } from '../../platform/db/index.js';
import { teamMemberIds, type Team } from '../team/team-members.repository.js';
import { DONE_STATUSES, REPORT_STATUSES, type AttemptRow, type ReportRow, type ReportStatus, type StatusSummary } from './reports.contract.js';

/** What a report selects; every field is optional and they combine with AND. */
export interface ReportFilter {
  courseId?: string | undefined;
  userId?: string | undefined;
  statuses?: ReportStatus[] | undefined;
  /** Members of this group or of any group nested inside it. */
  groupId?: string | undefined;
  /** Inclusive days (YYYY-MM-DD, UTC). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  overdue?: boolean | undefined;
  /** Part of the learner's first name, last name, full name or e-mail. */
  learnerSearch?: string | undefined;
  /** Part of the course title. */
  courseSearch?: string | undefined;
  /** Learner or course (the overdue list has one search box for both). */
  anySearch?: string | undefined;
  /** Only the members of this team (undefined: the whole site). */
  team?: Team | undefined;
  /** The moment "overdue" is judged at. */
  now: Date;
}

export type ReportSort =
  | 'name'
  | 'email'
  | 'course'
  | 'status'
  | 'score'
  | 'timeSpent'
  | 'attempts'
  | 'enrolledAt'
  | 'dueAt'
  | 'lastAccessAt'
  | 'completedAt';

export interface ReportOrder {
  sort: ReportSort;
  order: 'asc' | 'desc';
}

const doneList = sql.join(
  DONE_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

/** Overdue: a due date that has passed and the course not done. */
function overdueExpression(now: Date): SQL {
  return sql`(e.due_at is not null and e.due_at < ${now.toISOString()}::timestamptz and e.status not in (${doneList}))`;
}

function learnerMatches(pattern: string): SQL {
  return sql`(u.email ilike ${pattern} or u.first_name ilike ${pattern} or u.last_name ilike ${pattern}
    or (u.first_name || ' ' || u.last_name) ilike ${pattern} or (u.last_name || ', ' || u.first_name) ilike ${pattern})`;
}

function conditions(filter: ReportFilter, options: { withStatus: boolean }): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.team) parts.push(sql`e.user_id in (${teamMemberIds(filter.team)})`);
  if (filter.courseId) parts.push(sql`e.course_id = ${filter.courseId}`);
  if (filter.userId) parts.push(sql`e.user_id = ${filter.userId}`);
  if (options.withStatus && filter.statuses && filter.statuses.length > 0) {
    parts.push(sql`e.status in (${sql.join(filter.statuses.map((s) => sql`${s}`), sql`, `)})`);
  }
  if (filter.groupId) {
    parts.push(sql`e.user_id in (
      select gm.user_id from group_members gm where gm.group_id in (
        with recursive tree as (
          select g.id from groups g where g.id = ${filter.groupId}
          union
          select child.id from groups child join tree on child.parent_id = tree.id
        ) select id from tree))`);
  }
  if (filter.dueFrom) parts.push(sql`e.due_at >= ${filter.dueFrom}::date::timestamp at time zone 'UTC'`);
  if (filter.dueTo) parts.push(sql`e.due_at < (${filter.dueTo}::date + 1)::timestamp at time zone 'UTC'`);
  if (filter.overdue === true) parts.push(overdueExpression(filter.now));
  if (filter.overdue === false) parts.push(sql`not ${overdueExpression(filter.now)}`);
  if (filter.learnerSearch) parts.push(learnerMatches(containsPattern(filter.learnerSearch)));
  if (filter.courseSearch) parts.push(sql`c.title ilike ${containsPattern(filter.courseSearch)}`);
  if (filter.anySearch) {
    const pattern = containsPattern(filter.anySearch);
    parts.push(sql`(${learnerMatches(pattern)} or c.title ilike ${pattern})`);
  }
  return sql.join(parts, sql` and `);
}

const FROM = sql`from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id`;

function orderBy({ sort, order }: ReportOrder): SQL {
  const dir = order === 'desc' ? sql`desc` : sql`asc`;
  const keys: Record<ReportSort, SQL[]> = {
    name: [sql`lower(u.last_name)`, sql`lower(u.first_name)`, sql`lower(u.email)`],
    email: [sql`lower(u.email)`],
    course: [sql`lower(c.title)`],
    status: [sql`array_position(array[${sql.join(REPORT_STATUSES.map((s) => sql`${s}`), sql`, `)}]::text[], e.status)`],
    score: [sql`e.score_percent`],
    timeSpent: [sql`e.time_spent_seconds`],
    attempts: [sql`e.attempt_count`],
    enrolledAt: [sql`e.enrolled_at`],
    dueAt: [sql`e.due_at`],
    lastAccessAt: [sql`e.last_access_at`],
    completedAt: [sql`e.completed_at`],
  };
  // Empty values last whichever way; the enrolment id makes the order total, so pages never overlap.
  const primary = keys[sort].map((key) => sql`${key} ${dir} nulls last`);
  const secondary = sort === 'course' ? [sql`lower(u.last_name)`, sql`lower(u.first_name)`] : sort === 'name' ? [sql`lower(c.title)`] : [sql`lower(u.last_name)`, sql`lower(u.first_name)`, sql`lower(c.title)`];
  return sql.join([...primary, ...secondary, sql`e.id`], sql`, `);
}

interface RawRow {
  enrolment_id: string;
  user_id: string;
  first_name: string;
  last_name: string;
  email: string;
  user_status: 'active' | 'deactivated';
  course_id: string;
  course_title: string;
  status: ReportStatus;
  score_percent: number | string | null;
  time_spent_seconds: number;
  attempt_count: number;
  enrolled_at: Date | string;
  due_at: Date | string | null;
  first_access_at: Date | string | null;
  last_access_at: Date | string | null;
  completed_at: Date | string | null;
  overdue: boolean;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toRow(r: RawRow): ReportRow {
  return {
    enrolmentId: r.enrolment_id,
    userId: r.user_id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    userStatus: r.user_status,
    courseId: r.course_id,
    courseTitle: r.course_title,
    status: r.status,
    scorePercent: r.score_percent === null ? null : Number(r.score_percent),
    timeSpentSeconds: Number(r.time_spent_seconds),
    attemptCount: Number(r.attempt_count),
    enrolledAt: iso(r.enrolled_at)!,
    dueAt: iso(r.due_at),
    firstAccessAt: iso(r.first_access_at),
    lastAccessAt: iso(r.last_access_at),
    completedAt: iso(r.completed_at),
    overdue: r.overdue,
  };
}

/** One page of report rows in the given order. */
export async function selectReportRows(
  tx: Orm,
  filter: ReportFilter,
  order: ReportOrder,
  page: { limit: number; offset: number },
): Promise<ReportRow[]> {
  const rows = await queryRows<RawRow>(
    tx,
    sql`select e.id as enrolment_id, e.user_id, u.first_name, u.last_name, u.email, u.status as user_status,
          e.course_id, c.title as course_title, e.status, e.score_percent, e.time_spent_seconds, e.attempt_count,
          e.enrolled_at, e.due_at, e.first_access_at, e.last_access_at, e.completed_at,
          ${overdueExpression(filter.now)} as overdue
        ${FROM}
        where ${conditions(filter, { withStatus: true })}
        order by ${orderBy(order)}
        limit ${page.limit} offset ${page.offset}`,
  );
  return rows.map(toRow);
}

export async function countReportRows(tx: Orm, filter: ReportFilter): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n ${FROM} where ${conditions(filter, { withStatus: true })}`);
  return Number(row?.n ?? 0);
}

function emptySummary(): StatusSummary {
  return { total: 0, not_started: 0, in_progress: 0, completed: 0, passed: 0, failed: 0, overdue: 0 };
}

/** Enrolments per status, with every filter but the status filter. */
export async function summarizeReport(tx: Orm, filter: ReportFilter): Promise<StatusSummary> {
  const rows = await queryRows<{ status: ReportStatus; n: number; overdue: number }>(
    tx,
    sql`select e.status, count(*)::int as n, (count(*) filter (where ${overdueExpression(filter.now)}))::int as overdue
        ${FROM} where ${conditions(filter, { withStatus: false })}
        group by e.status`,
  );
  const summary = emptySummary();
  for (const row of rows) {
    summary[row.status] = Number(row.n);
    summary.total += Number(row.n);
    summary.overdue += Number(row.overdue);
  }
  return summary;
}

export interface ReportCourse {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'archived';
}

export async function findReportCourse(tx: Orm, courseId: string): Promise<ReportCourse | undefined> {
  const [row] = await queryRows<ReportCourse>(tx, sql`select id, title, status from courses where id = ${courseId}`);
  return row;
}

export interface ReportLearner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'deactivated';
}

export async function findReportLearner(tx: Orm, userId: string): Promise<ReportLearner | undefined> {
  const [row] = await queryRows<ReportLearner>(
    tx,
    sql`select id, email, first_name as "firstName", last_name as "lastName", status from users where id = ${userId}`,
  );
  return row;
}

/** Every course with its enrolments per status (of a team only, when named), by title. */
export async function selectCourseOverview(tx: Orm, now: Date, team?: Team): Promise<(ReportCourse & { summary: StatusSummary })[]> {
  const rows = await queryRows<ReportCourse & Record<ReportStatus | 'total' | 'overdue', number>>(
    tx,
    sql`select c.id, c.title, c.status,
          count(e.id)::int as total,
          (count(e.id) filter (where e.status = 'not_started'))::int as not_started,
          (count(e.id) filter (where e.status = 'in_progress'))::int as in_progress,
          (count(e.id) filter (where e.status = 'completed'))::int as completed,
          (count(e.id) filter (where e.status = 'passed'))::int as passed,
          (count(e.id) filter (where e.status = 'failed'))::int as failed,
          (count(e.id) filter (where ${overdueExpression(now)}))::int as overdue
        from courses c left join enrolments e on e.course_id = c.id ${team ? sql`and e.user_id in (${teamMemberIds(team)})` : sql``}
        group by c.id, c.title, c.status
        order by lower(c.title), c.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    summary: {
      total: Number(r.total),
      not_started: Number(r.not_started),
      in_progress: Number(r.in_progress),
      completed: Number(r.completed),
      passed: Number(r.passed),
      failed: Number(r.failed),
      overdue: Number(r.overdue),
    },
  }));
}

export interface ReportEnrolment {
  id: string;
  userId: string;
  courseId: string;
}

export async function findReportEnrolment(tx: Orm, enrolmentId: string): Promise<ReportEnrolment | undefined> {
  const [row] = await queryRows<ReportEnrolment>(
    tx,
    sql`select id, user_id as "userId", course_id as "courseId" from enrolments where id = ${enrolmentId}`,
  );
  return row;
}

/** Every attempt of an enrolment, the first first, with the content version it ran on. */
export async function selectAttemptHistory(tx: Orm, enrolmentId: string): Promise<AttemptRow[]> {
  const rows = await queryRows<Omit<AttemptRow, 'startedAt' | 'lastAccessAt' | 'completedAt' | 'closedAt'> & Record<'startedAt' | 'lastAccessAt' | 'completedAt' | 'closedAt', Date | string | null>>(
    tx,
    sql`select a.id, a.number, a.status, a.score_percent as "scorePercent", a.time_spent_seconds as "timeSpentSeconds",
               a.started_at as "startedAt", a.last_access_at as "lastAccessAt", a.completed_at as "completedAt", a.closed_at as "closedAt",
               v.title as "contentTitle", v.version as "contentVersion", v.kind as "contentKind"
          from attempts a
          join content_versions v on v.id = a.version_id
         where a.enrolment_id = ${enrolmentId}
         order by a.number`,
  );
  return rows.map((row) => ({
    ...row,
    startedAt: iso(row.startedAt)!,
    lastAccessAt: iso(row.lastAccessAt)!,
    completedAt: iso(row.completedAt),
    closedAt: iso(row.closedAt),
  }));
}

export interface ReportAttempt {
  id: string;
  number: number;
  enrolmentId: string;
  userId: string;
  courseId: string;
  contentTitle: string;
  contentKind: AttemptRow['contentKind'];
}

/** One attempt with whose enrolment it is and the content it ran on. */
export async function findReportAttempt(tx: Orm, attemptId: string): Promise<ReportAttempt | undefined> {
  const [row] = await queryRows<ReportAttempt>(
    tx,
    sql`select a.id, a.number, a.enrolment_id as "enrolmentId", e.user_id as "userId", e.course_id as "courseId",
               v.title as "contentTitle", v.kind as "contentKind"
          from attempts a
          join enrolments e on e.id = a.enrolment_id
          join content_versions v on v.id = a.version_id
         where a.id = ${attemptId}`,
  );
  return row;
}
