import { sql, type SQL } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';
import { teamMemberIds } from '../team/team-members.repository.js';
import { ACTIVE_DAYS } from './reports.contract.js';

const DONE = sql`('completed', 'passed')`;

function inTeam(managerId: string | undefined): SQL {
  return managerId ? sql`and e.user_id in (${teamMemberIds(managerId)})` : sql``;
}

/** Learners with enrolments (active accounts) and those of them who opened a course lately. */
export async function countLearners(tx: Orm, now: Date, managerId: string | undefined): Promise<{ enrolled: number; active: number }> {
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000).toISOString();
  const [row] = await queryRows<{ enrolled: number; active: number }>(
    tx,
    sql`select count(distinct e.user_id)::int as enrolled,
          count(distinct e.user_id) filter (where e.last_access_at >= ${since}::timestamptz)::int as active
        from enrolments e join users u on u.id = e.user_id
        where u.status = 'active' ${inTeam(managerId)}`,
  );
  return { enrolled: Number(row?.enrolled ?? 0), active: Number(row?.active ?? 0) };
}

export async function countPublishedCourses(tx: Orm): Promise<number> {
  const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from courses where status = 'published'`);
  return Number(row?.n ?? 0);
}

/** Completions (completed or passed) per week since `from` (a Monday, UTC), by the week's Monday. */
export async function completionsPerWeek(tx: Orm, from: Date, managerId: string | undefined): Promise<Map<string, number>> {
  const rows = await queryRows<{ week: string | Date; n: number }>(
    tx,
    sql`select to_char(date_trunc('week', e.completed_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*)::int as n
        from enrolments e
        where e.status in ${DONE} and e.completed_at >= ${from.toISOString()}::timestamptz ${inTeam(managerId)}
        group by 1`,
  );
  return new Map(rows.map((r) => [String(r.week), Number(r.n)]));
}

export async function countCompletionsSince(tx: Orm, since: Date, managerId: string | undefined): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from enrolments e where e.status in ${DONE} and e.completed_at >= ${since.toISOString()}::timestamptz ${inTeam(managerId)}`,
  );
  return Number(row?.n ?? 0);
}

/** Every published course with enrolments (in the team, when named): how many, and how many done. */
export async function courseCompletions(tx: Orm, managerId: string | undefined): Promise<{ id: string; title: string; enrolled: number; done: number }[]> {
  const rows = await queryRows<{ id: string; title: string; enrolled: number; done: number }>(
    tx,
    sql`select c.id, c.title, count(*)::int as enrolled, (count(*) filter (where e.status in ${DONE}))::int as done
        from enrolments e join courses c on c.id = e.course_id
        where c.status = 'published' ${inTeam(managerId)}
        group by c.id, c.title`,
  );
  return rows.map((r) => ({ id: r.id, title: r.title, enrolled: Number(r.enrolled), done: Number(r.done) }));
}
