import { sql, type SQL } from 'drizzle-orm';
import { containsPattern, type Orm, queryRows } from '../../platform/db/index.js';
import { toRecipient, type NoticeRecipient, type RawRecipient } from '../notifications/notices.repository.js';
import { teamMemberIds, type Team } from './team-members.repository.js';

const DONE = sql`('completed', 'passed')`;

export interface TeamMemberFilter {
  /** Only the members of this team (undefined: every user of the site). */
  team: Team | undefined;
  /** Only the members of this group and its sub-groups. */
  groupId: string | undefined;
  search: string | undefined;
  overdueOnly: boolean;
  now: Date;
}

export interface TeamMemberRow {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  status: 'active' | 'deactivated';
  enrolled: number;
  done: number;
  overdue: number;
  lastAccessAt: Date | null;
}

function groupSubtreeMembers(groupId: string): SQL {
  return sql`select gm.user_id from group_members gm where gm.group_id in (
      with recursive tree as (
        select g.id from groups g where g.id = ${groupId}
        union
        select child.id from groups child join tree on child.parent_id = tree.id
      ) select id from tree)`;
}

function overdueCondition(now: Date): SQL {
  return sql`e.due_at < ${now.toISOString()}::timestamptz and e.status not in ${DONE}`;
}

/** Which users are listed: the team (or site), the group, the search, and "only with an overdue course". */
function memberConditions(filter: TeamMemberFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.team) parts.push(sql`u.id in (${teamMemberIds(filter.team)})`);
  if (filter.groupId) parts.push(sql`u.id in (${groupSubtreeMembers(filter.groupId)})`);
  if (filter.search) {
    const p = containsPattern(filter.search);
    parts.push(sql`(u.email ilike ${p} or u.first_name ilike ${p} or u.last_name ilike ${p} or (u.first_name || ' ' || u.last_name) ilike ${p})`);
  }
  if (filter.overdueOnly) parts.push(sql`exists (select 1 from enrolments e where e.user_id = u.id and ${overdueCondition(filter.now)})`);
  return sql.join(parts, sql` and `);
}

/**
 * One page of members by name, with their enrolment counts. The page of users is chosen first
 * and only its enrolments are counted, so the whole site's list costs what one page costs.
 */
export async function selectTeamMembers(tx: Orm, filter: TeamMemberFilter, page: { limit: number; offset: number }): Promise<{ rows: TeamMemberRow[]; total: number }> {
  const where = memberConditions(filter);
  const { limit, offset } = page;
  const [count] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from users u where ${where}`);
  const rows = await queryRows<{
    user_id: string;
    first_name: string;
    last_name: string;
    email: string;
    status: 'active' | 'deactivated';
    enrolled: number;
    done: number;
    overdue: number;
    last_access_at: Date | string | null;
  }>(
    tx,
    sql`select p.id as user_id, p.first_name, p.last_name, p.email, p.status,
          count(e.id)::int as enrolled,
          (count(e.id) filter (where e.status in ${DONE}))::int as done,
          (count(e.id) filter (where ${overdueCondition(filter.now)}))::int as overdue,
          max(e.last_access_at) as last_access_at
        from (select u.id, u.first_name, u.last_name, u.email, u.status from users u where ${where}
              order by lower(u.last_name), lower(u.first_name), lower(u.email), u.id
              limit ${limit} offset ${offset}) p
        left join enrolments e on e.user_id = p.id
        group by p.id, p.first_name, p.last_name, p.email, p.status
        order by lower(p.last_name), lower(p.first_name), lower(p.email), p.id`,
  );
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      userId: r.user_id,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email,
      status: r.status,
      enrolled: Number(r.enrolled),
      done: Number(r.done),
      overdue: Number(r.overdue),
      lastAccessAt: r.last_access_at === null ? null : new Date(r.last_access_at),
    })),
  };
}

/** Every group of the site, or those a manager leads, by name. */
export async function selectTeamGroups(tx: Orm, managerId: string | undefined): Promise<{ id: string; name: string }[]> {
  return queryRows<{ id: string; name: string }>(
    tx,
    managerId
      ? sql`select g.id, g.name from group_managers gm join groups g on g.id = gm.group_id where gm.user_id = ${managerId} order by lower(g.name), g.id`
      : sql`select g.id, g.name from groups g order by lower(g.name), g.id`,
  );
}

/** Whom a reminder goes to (as for the scheduled notices), and what decides whether it goes. */
export interface ReminderTarget extends NoticeRecipient {
  status: string;
  userStatus: 'active' | 'deactivated';
  courseStatus: string;
  remindedAt: Date | null;
}

/** The enrolments among `ids` that the reader may remind (in the team, when one is named), locked until the transaction ends. */
export async function lockReminderTargets(tx: Orm, ids: string[], team: Team | undefined): Promise<ReminderTarget[]> {
  const rows = await queryRows<RawRecipient & { status: string; user_status: 'active' | 'deactivated'; course_status: string; reminded_at: Date | string | null }>(
    tx,
    sql`select e.id as enrolment_id, e.user_id, u.email, u.first_name, u.language, c.title as course_title, e.due_at, e.status,
          u.status as user_status, c.status as course_status, e.reminded_at
        from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id
        where e.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
          ${team ? sql`and e.user_id in (${teamMemberIds(team)})` : sql``}
        for update of e`,
  );
  return rows.map((r) => ({
    ...toRecipient(r),
    status: r.status,
    userStatus: r.user_status,
    courseStatus: r.course_status,
    remindedAt: r.reminded_at === null ? null : new Date(r.reminded_at),
  }));
}

export async function markReminded(tx: Orm, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`update enrolments set reminded_at = ${now.toISOString()}::timestamptz where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
}
