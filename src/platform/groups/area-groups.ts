import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Orm } from '../db/client.js';
import { announceMembersChanged, lockGroupTree } from './group-changes.js';
import { addMembers, insertGroup, removeMembers } from './groups.repository.js';

/**
 * Groups an area keeps for people it brings in (the store's seat packs: a company's employees).
 * They are ordinary top-level groups, seen and reported on in Learn like any other; membership
 * changes are announced to the listeners, under the tree's lock, as the groups service does.
 */
export async function createAreaGroup(tx: Orm, name: string, reason: string): Promise<string> {
  await lockGroupTree(tx);
  const id = await insertGroup(tx, { name: name.slice(0, 200), parentId: null });
  await insertAuditEvent(tx, { action: 'group.created', targetType: 'group', targetId: id, details: { name, reason } });
  return id;
}

export async function changeAreaGroupMembers(tx: Orm, groupId: string, change: { add?: string[]; remove?: string[] }, reason: string): Promise<void> {
  await lockGroupTree(tx);
  const added = change.add?.length ? await addMembers(tx, groupId, change.add) : [];
  const removed = change.remove?.length ? await removeMembers(tx, groupId, change.remove) : [];
  const changed = [...added, ...removed];
  if (changed.length === 0) return;
  await announceMembersChanged(tx, { groupIds: [groupId], userIds: changed });
  if (added.length > 0) await insertAuditEvent(tx, { action: 'group.members_added', targetType: 'group', targetId: groupId, details: { userIds: added, reason } });
  if (removed.length > 0) await insertAuditEvent(tx, { action: 'group.members_removed', targetType: 'group', targetId: groupId, details: { userIds: removed, reason } });
}
