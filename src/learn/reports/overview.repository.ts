import { sql, type SQL } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';
import { teamMemberIds, type Team } from '../team/team-members.repository.js';
import { REPORT_STATUSES, type ReportStatus } from './reports.contract.js';

const DONE = sql`('completed', 'passed')`;

function inTeam(team: Team | undefined): SQL {
  return team ? sql`and e.user_id in (${teamMemberIds(team)})` : sql``;
}

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** Learners with enrolments (active accounts) and those of them who opened a course since `activeSince`. */
export async function countLearners(tx: Orm, activeSince: Date, team: Team | undefined): Promise<{ enrolled: number; active: number }> {
  const [row] = await queryRows<{ enrolled: number; active: number }>(
    tx,
    sql`select count(*)::int as enrolled, (count(*) filter (where t.last_access_at >= ${at(activeSince)}))::int as active
        from (select e.user_id, max(e.last_access_at) as last_access_at from enrolments e where true ${inTeam(team)} group by e.user_id) t
        join users u on u.id = t.user_id
        where u.status = 'active'`,
  );
  return { enrolled: Number(row?.enrolled ?? 0), active: Number(row?.active ?? 0) };
}

export async function countPublishedCourses(tx: Orm): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from courses where status = 'published'`);
  return Number(row?.n ?? 0);
}

/** One course's enrolments (in the team, when named): per status, overdue, and completions in the windows asked for. */
export interface CourseFigures {
  id: string;
  title: string;
  published: boolean;
  statuses: Record<ReportStatus, number>;
  overdue: number;
  /** Completions since `recentSince`. */
  recent: number;
  /** Completions per week from `weeks[0]` on (7-day windows; the last one open-ended). */
  perWeek: number[];
}

const WEEK_SECONDS = 7 * 86_400;

/**
 * Every course with enrolments, with everything the dashboard adds up, in one pass over the
 * enrolments: they are counted by (course, status, week of completion, overdue, recent), a few
 * thousand groups at most, which are then added up per course here.
 */
export async function courseFigures(tx: Orm, options: { now: Date; recentSince: Date; weeks: Date[]; team: Team | undefined }): Promise<CourseFigures[]> {
  const { now, recentSince, weeks, team } = options;
  const first = weeks[0]!;
  const done = sql`e.status in ${DONE}`;
  const groups = await queryRows<{ course_id: string; status: ReportStatus; week: number | null; overdue: boolean; recent: boolean; n: number }>(
    tx,
    sql`select e.course_id, e.status,
          case when ${done} and e.completed_at >= ${at(first)} then floor(extract(epoch from (e.completed_at - ${at(first)})) / ${WEEK_SECONDS})::int end as week,
          coalesce(e.due_at < ${at(now)} and not ${done}, false) as overdue,
          coalesce(${done} and e.completed_at >= ${at(recentSince)}, false) as recent,
          count(*)::int as n
        from enrolments e
        where true ${inTeam(team)}
        group by 1, 2, 3, 4, 5`,
  );
  const courses = await queryRows<{ id: string; title: string; status: string }>(tx, sql`select id, title, status from courses`);
  const byId = new Map<string, CourseFigures>();
  for (const c of courses) {
    byId.set(c.id, {
      id: c.id,
      title: c.title,
      published: c.status === 'published',
      statuses: Object.fromEntries(REPORT_STATUSES.map((s) => [s, 0])) as Record<ReportStatus, number>,
      overdue: 0,
      recent: 0,
      perWeek: weeks.map(() => 0),
    });
  }
  const last = weeks.length - 1;
  for (const g of groups) {
    const course = byId.get(g.course_id);
    if (!course) continue;
    const n = Number(g.n);
    course.statuses[g.status] += n;
    if (g.overdue) course.overdue += n;
    if (g.recent) course.recent += n;
    if (g.week !== null) {
      const week = Math.min(last, Number(g.week));
      course.perWeek[week] = course.perWeek[week]! + n;
    }
  }
  return [...byId.values()].filter((c) => REPORT_STATUSES.some((s) => c.statuses[s] > 0));
}
