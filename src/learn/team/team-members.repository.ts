import { sql, type SQL } from 'drizzle-orm';
import { type Orm, queryRows } from '../../platform/db/index.js';

/** Deepest nesting walked below a led group (the groups service refuses deeper trees). */
const MAX_DEPTH = 20;

/** The groups a manager leads and every group nested inside them. */
function ledGroups(managerId: string): SQL {
  return sql`with recursive led(id, depth) as (
      select gm.group_id, 0 from group_managers gm where gm.user_id = ${managerId}
      union all
      select g.id, l.depth + 1 from groups g join led l on g.parent_id = l.id where l.depth < ${MAX_DEPTH}
    ) select id from led`;
}

/**
 * The users a manager looks after, as a subquery for `user_id in (...)`: the members of the
 * groups they lead and of the groups inside those.
 */
export function teamMemberIds(managerId: string): SQL {
  return sql`select m.user_id from group_members m where m.group_id in (${ledGroups(managerId)})`;
}

/** Whether the group is one the manager leads or sits inside one. */
export async function isGroupInTeam(tx: Orm, managerId: string, groupId: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(tx, sql`select exists (select 1 from (${ledGroups(managerId)}) t where t.id = ${groupId}) as found`);
  return row?.found === true;
}

/** Whether the user is one the manager looks after. */
export async function isUserInTeam(tx: Orm, managerId: string, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(tx, sql`select exists (select 1 from (${teamMemberIds(managerId)}) t where t.user_id = ${userId}) as found`);
  return row?.found === true;
}
