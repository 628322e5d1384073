import { sql, type SQL } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';

/** Deepest nesting walked below a led group (the groups service refuses deeper trees). */
const MAX_DEPTH = 20;

/**
 * A manager's team: the groups they lead and every group nested inside them, resolved once per
 * request (a short list), so the queries over enrolments filter by plain group ids.
 */
export interface Team {
  groupIds: readonly string[];
}

/** The groups a manager leads and every group nested inside them. */
export async function teamOfManager(tx: Orm, managerId: string): Promise<Team> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`with recursive led(id, depth) as (
          select gm.group_id, 0 from group_managers gm where gm.user_id = ${managerId}
          union all
          select g.id, l.depth + 1 from groups g join led l on g.parent_id = l.id where l.depth < ${MAX_DEPTH}
        ) select distinct id from led`,
  );
  return { groupIds: rows.map((r) => r.id) };
}

/** The users of a team, as a subquery for `user_id in (...)`: the members of its groups. */
export function teamMemberIds(team: Team): SQL {
  if (team.groupIds.length === 0) return sql`select null::uuid as user_id where false`;
  return sql`select m.user_id from group_members m where m.group_id in (${sql.join(
    team.groupIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/** Whether the user is a member of the team. */
export async function isUserInTeam(tx: Orm, team: Team, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(tx, sql`select exists (select 1 from (${teamMemberIds(team)}) t where t.user_id = ${userId}) as found`);
  return row?.found === true;
}
