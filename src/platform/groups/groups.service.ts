import { insertActorEvent, type Actor } from '../audit/actor-event.js';
import type { Db, Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { CreateGroupRequest, UpdateGroupRequest } from './groups.contract.js';
import { announceGroupDeleting, announceMembersChanged, lockGroupTree } from './group-changes.js';
import {
  addMembers,
  ancestorsOf,
  deleteGroup as deleteGroupRow,
  existingUserIds,
  findGroup,
  groupsOfUser,
  hasSubgroups,
  insertGroup,
  listGroups,
  listMembers,
  MAX_GROUP_DEPTH,
  removeMembers,
  replaceManagers,
  rolesOfUsers,
  siblingNamed,
  subtreeHeight,
  updateGroup as updateGroupRow,
  type GroupRow,
  type MemberRow,
} from './groups.repository.js';

type GroupAuditAction = 'group.created' | 'group.updated' | 'group.deleted' | 'group.members_added' | 'group.members_removed' | 'group.managers_changed';

function audit(tx: Orm, actor: Actor, action: GroupAuditAction, groupId: string, details: Record<string, unknown>) {
  return insertActorEvent(tx, actor, action, { type: 'group', id: groupId }, details);
}

async function groupView(tx: Orm, id: string): Promise<GroupRow> {
  const [row] = await listGroups(tx, id);
  if (!row) throw new AppError('GROUP_NOT_FOUND', [{ field: 'id', value: id }]);
  return row;
}

async function existingGroup(tx: Orm, id: string) {
  const group = await findGroup(tx, id);
  if (!group) throw new AppError('GROUP_NOT_FOUND', [{ field: 'id', value: id }]);
  return group;
}

/** Refuses a parent that does not exist, that would close a cycle, or that nests the tree too deep. */
async function checkParent(tx: Orm, groupId: string | null, parentId: string): Promise<void> {
  const chain = await ancestorsOf(tx, parentId);
  if (chain.length === 0) throw new AppError('GROUP_PARENT_NOT_FOUND', [{ field: 'parentId', value: parentId }]);
  if (groupId !== null && chain.includes(groupId)) throw new AppError('GROUP_CYCLE', [{ field: 'parentId', value: parentId }]);
  const below = groupId === null ? 0 : await subtreeHeight(tx, groupId);
  // chain.length levels above and including the parent, the group itself, and what hangs below it.
  if (chain.length + 1 + below > MAX_GROUP_DEPTH) throw new AppError('GROUP_TOO_DEEP', [{ field: 'parentId', value: parentId }]);
}

export async function listAllGroups(db: Db, tenantId: string): Promise<GroupRow[]> {
  return db.withTenant(tenantId, (tx) => listGroups(tx));
}

export async function createGroup(db: Db, tenantId: string, actor: Actor, input: CreateGroupRequest): Promise<GroupRow> {
  return db.withTenant(tenantId, async (tx) => {
    await lockGroupTree(tx);
    const name = input.name.trim();
    const parentId = input.parentId ?? null;
    if (parentId !== null) await checkParent(tx, null, parentId);
    if (await siblingNamed(tx, parentId, name)) throw new AppError('GROUP_NAME_TAKEN', [{ field: 'name', value: name }]);
    const id = await insertGroup(tx, { name, parentId });
    await audit(tx, actor, 'group.created', id, { name, parentId });
    return groupView(tx, id);
  });
}

/** Renames and/or moves a group; moving changes who the ancestors' group enrolments reach. */
export async function updateGroup(db: Db, tenantId: string, actor: Actor, id: string, input: UpdateGroupRequest): Promise<GroupRow> {
  return db.withTenant(tenantId, async (tx) => {
    await lockGroupTree(tx);
    const group = await existingGroup(tx, id);
    const name = input.name?.trim() ?? group.name;
    const parentId = input.parentId === undefined ? group.parentId : input.parentId;
    const moved = parentId !== group.parentId;
    if (moved && parentId !== null) await checkParent(tx, id, parentId);
    if ((moved || name.toLowerCase() !== group.name.toLowerCase()) && (await siblingNamed(tx, parentId, name, id))) {
      throw new AppError('GROUP_NAME_TAKEN', [{ field: 'name', value: name }]);
    }
    if (!moved && name === group.name) return groupView(tx, id);
    // Moving a group moves all its effective members between ancestors.
    const movedUsers = moved ? (await listMembers(tx, id, true)).map((m) => m.userId) : [];
    await updateGroupRow(tx, id, { name, parentId });
    if (moved) await announceMembersChanged(tx, { groupIds: [id, ...(group.parentId ? [group.parentId] : [])], userIds: movedUsers });
    await audit(tx, actor, 'group.updated', id, {
      ...(name !== group.name ? { name, previousName: group.name } : {}),
      ...(moved ? { parentId, previousParentId: group.parentId } : {}),
    });
    return groupView(tx, id);
  });
}

/** Deletes a group without sub-groups; what its members were enrolled in through it follows the listeners' rules. */
export async function deleteGroup(db: Db, tenantId: string, actor: Actor, id: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await lockGroupTree(tx);
    const group = await existingGroup(tx, id);
    if (await hasSubgroups(tx, id)) throw new AppError('GROUP_HAS_SUBGROUPS', [{ field: 'id', value: id }]);
    const formerMembers = (await listMembers(tx, id, false)).map((m) => m.userId);
    await announceGroupDeleting(tx, id);
    await deleteGroupRow(tx, id);
    if (group.parentId) await announceMembersChanged(tx, { groupIds: [group.parentId], userIds: formerMembers });
    await audit(tx, actor, 'group.deleted', id, { name: group.name, parentId: group.parentId });
  });
}

/** Adds users to a group, all or none: an unknown user id refuses the whole request. */
export async function addGroupMembers(db: Db, tenantId: string, actor: Actor, groupId: string, userIds: string[]): Promise<number> {
  const ids = [...new Set(userIds)];
  return db.withTenant(tenantId, async (tx) => {
    await lockGroupTree(tx);
    await existingGroup(tx, groupId);
    const known = await existingUserIds(tx, ids);
    const unknown = userIds.flatMap((userId, index) => (known.has(userId) ? [] : [{ field: `userIds.${index}`, value: userId }]));
    if (unknown.length > 0) throw new AppError('GROUP_UNKNOWN_USER', unknown);
    const added = await addMembers(tx, groupId, ids);
    if (added.length > 0) {
      await announceMembersChanged(tx, { groupIds: [groupId], userIds: added });
      await audit(tx, actor, 'group.members_added', groupId, { userIds: added });
    }
    return added.length;
  });
}

/** Removes users from a group; ids that are not members are ignored. */
export async function removeGroupMembers(db: Db, tenantId: string, actor: Actor, groupId: string, userIds: string[]): Promise<number> {
  const ids = [...new Set(userIds)];
  return db.withTenant(tenantId, async (tx) => {
    await lockGroupTree(tx);
    await existingGroup(tx, groupId);
    const removed = await removeMembers(tx, groupId, ids);
    if (removed.length > 0) {
      await announceMembersChanged(tx, { groupIds: [groupId], userIds: removed });
      await audit(tx, actor, 'group.members_removed', groupId, { userIds: removed });
    }
    return removed.length;
  });
}

export async function listGroupMembers(db: Db, tenantId: string, groupId: string, effective: boolean): Promise<MemberRow[]> {
  return db.withTenant(tenantId, async (tx) => {
    await existingGroup(tx, groupId);
    return listMembers(tx, groupId, effective);
  });
}

/** Roles that may lead a group (follow its members' progress). */
const LEADING_ROLES = ['manager', 'admin'];

/**
 * Makes exactly these users the managers of a group, all or none: an unknown user, or one
 * without the manager or administrator role, refuses the whole request.
 */
export async function setGroupManagers(db: Db, tenantId: string, actor: Actor, groupId: string, userIds: string[]): Promise<GroupRow> {
  const ids = [...new Set(userIds)];
  return db.withTenant(tenantId, async (tx) => {
    await existingGroup(tx, groupId);
    const roles = await rolesOfUsers(tx, ids);
    const unknown = userIds.flatMap((userId, index) => (roles.has(userId) ? [] : [{ field: `userIds.${index}`, value: userId }]));
    if (unknown.length > 0) throw new AppError('GROUP_UNKNOWN_USER', unknown);
    const notLeading = userIds.flatMap((userId, index) => (roles.get(userId)!.some((role) => LEADING_ROLES.includes(role)) ? [] : [{ field: `userIds.${index}`, value: userId }]));
    if (notLeading.length > 0) throw new AppError('GROUP_MANAGER_ROLE_REQUIRED', notLeading);
    const { added, removed } = await replaceManagers(tx, groupId, ids);
    if (added.length > 0 || removed.length > 0) await audit(tx, actor, 'group.managers_changed', groupId, { added, removed });
    return groupView(tx, groupId);
  });
}

/** The groups a user is a direct member of. */
export async function listGroupsOfUser(db: Db, tenantId: string, userId: string): Promise<{ id: string; name: string }[]> {
  return db.withTenant(tenantId, (tx) => groupsOfUser(tx, userId));
}
