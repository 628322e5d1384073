import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/client.js';
import { users } from '../identity/identity.schema.js';
import { groupManagers, groupMembers, groups } from './groups.schema.js';

/** Deepest nesting walked; the service refuses deeper trees, this bounds a walk over damaged data. */
export const MAX_GROUP_DEPTH = 20;

export interface GroupRow {
  id: string;
  name: string;
  parentId: string | null;
  memberCount: number;
  effectiveMemberCount: number;
  /** The managers who lead the group, by name. */
  managers: GroupManager[];
  createdAt: Date;
}

export interface GroupManager {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** Every group of the tenant (or only `onlyId`) with its direct and effective (sub-groups included) member counts. */
export async function listGroups(tx: Orm, onlyId?: string): Promise<GroupRow[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    parent_id: string | null;
    member_count: number;
    effective_member_count: number;
    managers: GroupManager[] | string;
    created_at: string | Date;
  }>(
    tx,
    sql`with recursive tree(root, id, depth) as (
          select id, id, 0 from groups ${onlyId ? sql`where id = ${onlyId}` : sql``}
          union all
          select t.root, g.id, t.depth + 1 from groups g join tree t on g.parent_id = t.id where t.depth < ${MAX_GROUP_DEPTH}
        )
        select g.id, g.name, g.parent_id, g.created_at,
          (select count(*)::int from group_members m where m.group_id = g.id) as member_count,
          (select count(distinct m.user_id)::int from tree t join group_members m on m.group_id = t.id where t.root = g.id) as effective_member_count,
          (select coalesce(json_agg(json_build_object('userId', u.id, 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email)
                    order by lower(u.last_name), lower(u.first_name), u.id), '[]'::json)
             from group_managers gm join users u on u.id = gm.user_id where gm.group_id = g.id) as managers
        from groups g
        ${onlyId ? sql`where g.id = ${onlyId}` : sql``}
        order by lower(g.name), g.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentId: r.parent_id,
    memberCount: r.member_count,
    effectiveMemberCount: r.effective_member_count,
    managers: typeof r.managers === 'string' ? (JSON.parse(r.managers) as GroupManager[]) : r.managers,
    createdAt: new Date(r.created_at),
  }));
}

export async function findGroup(tx: Orm, id: string): Promise<{ id: string; name: string; parentId: string | null } | undefined> {
  const [row] = await tx.select({ id: groups.id, name: groups.name, parentId: groups.parentId }).from(groups).where(eq(groups.id, id));
  return row;
}

/** The group and its ancestors, nearest first (the group itself at index 0). */
export async function ancestorsOf(tx: Orm, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`with recursive up(id, parent_id, depth) as (
          select id, parent_id, 0 from groups where id = ${id}
          union all
          select g.id, g.parent_id, u.depth + 1 from groups g join up u on g.id = u.parent_id where u.depth < ${MAX_GROUP_DEPTH + 1}
        )
        select id from up order by depth`,
  );
  return rows.map((r) => r.id);
}

/** How many levels lie below the group (0 for a group without sub-groups). */
export async function subtreeHeight(tx: Orm, id: string): Promise<number> {
  const [row] = await queryRows<{ height: number }>(
    tx,
    sql`with recursive down(id, depth) as (
          select id, 0 from groups where id = ${id}
          union all
          select g.id, d.depth + 1 from groups g join down d on g.parent_id = d.id where d.depth < ${MAX_GROUP_DEPTH + 1}
        )
        select max(depth)::int as height from down`,
  );
  return row?.height ?? 0;
}

export async function hasSubgroups(tx: Orm, id: string): Promise<boolean> {
  const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.parentId, id)).limit(1);
  return row !== undefined;
}

/** Whether a sibling (same parent) other than `exceptId` has this name, ignoring case. */
export async function siblingNamed(tx: Orm, parentId: string | null, name: string, exceptId?: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from groups
        where parent_id is not distinct from ${parentId}::uuid and lower(name) = lower(${name})
          ${exceptId ? sql`and id <> ${exceptId}` : sql``}
        limit 1`,
  );
  return rows.length > 0;
}

export async function insertGroup(tx: Orm, values: { name: string; parentId: string | null }): Promise<string> {
  const [row] = await tx.insert(groups).values(values).returning({ id: groups.id });
  return row!.id;
}

export async function updateGroup(tx: Orm, id: string, values: { name?: string; parentId?: string | null }): Promise<void> {
  await tx.update(groups).set(values).where(eq(groups.id, id));
}

export async function deleteGroup(tx: Orm, id: string): Promise<void> {
  await tx.delete(groups).where(eq(groups.id, id));
}

/** The ids among `userIds` that are users of the tenant. */
export async function existingUserIds(tx: Orm, userIds: string[]): Promise<Set<string>> {
  const rows = await tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds));
  return new Set(rows.map((r) => r.id));
}

/** Adds members; those already in the group are left as they are. Returns the users added. */
export async function addMembers(tx: Orm, groupId: string, userIds: string[]): Promise<string[]> {
  const rows = await tx
    .insert(groupMembers)
    .values(userIds.map((userId) => ({ groupId, userId })))
    .onConflictDoNothing()
    .returning({ userId: groupMembers.userId });
  return rows.map((r) => r.userId);
}

/** Removes members; returns the users removed. */
export async function removeMembers(tx: Orm, groupId: string, userIds: string[]): Promise<string[]> {
  const rows = await tx
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.userId, userIds)))
    .returning({ userId: groupMembers.userId });
  return rows.map((r) => r.userId);
}

export interface MemberRow {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'deactivated';
  groupId: string;
  groupName: string;
  addedAt: Date;
}

/**
 * Members of the group; with `effective`, also those of its sub-groups, each user once (with
 * the nearest group that brings them in).
 */
export async function listMembers(tx: Orm, groupId: string, effective: boolean): Promise<MemberRow[]> {
  const rows = await queryRows<{
    user_id: string;
    email: string;
    first_name: string;
    last_name: string;
    status: 'active' | 'deactivated';
    group_id: string;
    group_name: string;
    added_at: string | Date;
  }>(
    tx,
    sql`with recursive tree(id, depth) as (
          select id, 0 from groups where id = ${groupId}
          union all
          select g.id, t.depth + 1 from groups g join tree t on g.parent_id = t.id where ${effective} and t.depth < ${MAX_GROUP_DEPTH}
        ),
        reached as (
          select distinct on (m.user_id) m.user_id, m.group_id, m.added_at
          from tree t join group_members m on m.group_id = t.id
          order by m.user_id, t.depth, m.added_at
        )
        select u.id as user_id, u.email, u.first_name, u.last_name, u.status, r.group_id, g.name as group_name, r.added_at
        from reached r join users u on u.id = r.user_id join groups g on g.id = r.group_id
        order by lower(u.last_name), lower(u.first_name), lower(u.email)`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    status: r.status,
    groupId: r.group_id,
    groupName: r.group_name,
    addedAt: new Date(r.added_at),
  }));
}

/** The roles of the users among `userIds` that exist in the tenant. */
export async function rolesOfUsers(tx: Orm, userIds: string[]): Promise<Map<string, readonly string[]>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.select({ id: users.id, roles: users.roles }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r.roles]));
}

/** Makes exactly these users the group's managers; returns who was added and who removed. */
export async function replaceManagers(tx: Orm, groupId: string, userIds: string[]): Promise<{ added: string[]; removed: string[] }> {
  const current = (await tx.select({ userId: groupManagers.userId }).from(groupManagers).where(eq(groupManagers.groupId, groupId))).map((r) => r.userId);
  const removed = current.filter((id) => !userIds.includes(id));
  const added = userIds.filter((id) => !current.includes(id));
  if (removed.length > 0) await tx.delete(groupManagers).where(and(eq(groupManagers.groupId, groupId), inArray(groupManagers.userId, removed)));
  if (added.length > 0) await tx.insert(groupManagers).values(added.map((userId) => ({ groupId, userId })));
  return { added, removed };
}

/** The groups a user leads, by name. */
export async function groupsLedBy(tx: Orm, userId: string): Promise<{ id: string; name: string }[]> {
  return tx
    .select({ id: groups.id, name: groups.name })
    .from(groupManagers)
    .innerJoin(groups, eq(groups.id, groupManagers.groupId))
    .where(eq(groupManagers.userId, userId))
    .orderBy(sql`lower(${groups.name})`, groups.id);
}

/** The groups a user is a direct member of, by name. */
export async function groupsOfUser(tx: Orm, userId: string): Promise<{ id: string; name: string }[]> {
  return tx
    .select({ id: groups.id, name: groups.name })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .where(eq(groupMembers.userId, userId))
    .orderBy(sql`lower(${groups.name})`, groups.id);
}
