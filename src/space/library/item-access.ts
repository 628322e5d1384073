import type { UseCase } from '../../platform/access/index.js';
import type { Orm } from '../../platform/db/index.js';
import { findMemberRole } from '../workspace/members.repository.js';
import { AppError } from '../../platform/http/index.js';
import { assertSpaceCan, type SpaceAction } from '../space.policy.js';
import { spaceRoleOf } from '../workspace/members.service.js';
import { atLeast, narrower, wider, type SpaceRole } from '../workspace/space-roles.js';
import { accessRowsOf, findItem, groupIdsOf, listRestrictedItems, type ItemRecord } from './items.repository.js';

/**
 * What one member may reach in the library. The workspace role holds everywhere, except under a
 * restricted folder, project or file: there the member needs an access row (their own or a group's),
 * and the role is the narrower of what they had above and what the row gives (permissions inherit
 * downwards and can only be narrowed, so an access row never lifts a commentator to an author and
 * past the seat limit). Space owners and admins are not narrowed: they administer every item.
 */
export interface LibraryAccess {
  workspaceRole: SpaceRole;
  /** Restricted item -> the role the member holds there by its rows (null: none). */
  restricted: ReadonlyMap<string, SpaceRole | null>;
}

export async function libraryAccessOf(useCase: UseCase): Promise<LibraryAccess> {
  return libraryAccessWith(useCase.tx, useCase.user.id, await spaceRoleOf(useCase));
}

/** What another person may reach (a member to be notified of a comment): null when they are not in the Space. */
export async function libraryAccessOfUser(tx: Orm, user: { id: string; roles: readonly string[] }): Promise<LibraryAccess | null> {
  const role = user.roles.includes('admin') ? 'owner' : await findMemberRole(tx, user.id);
  return role ? libraryAccessWith(tx, user.id, role) : null;
}

async function libraryAccessWith(tx: Orm, userId: string, workspaceRole: SpaceRole): Promise<LibraryAccess> {
  if (atLeast(workspaceRole, 'admin')) return { workspaceRole, restricted: new Map() };
  const restrictedItems = await listRestrictedItems(tx);
  if (restrictedItems.length === 0) return { workspaceRole, restricted: new Map() };
  const groupIds = new Set(await groupIdsOf(tx, userId));
  const rows = await accessRowsOf(
    tx,
    restrictedItems.map((item) => item.id),
  );
  const restricted = new Map<string, SpaceRole | null>(restrictedItems.map((item) => [item.id, null]));
  for (const row of rows) {
    const mine = row.userId === userId || (row.groupId !== null && groupIds.has(row.groupId));
    if (!mine) continue;
    const held = restricted.get(row.itemId) ?? null;
    restricted.set(row.itemId, held === null ? row.role : wider(held, row.role));
  }
  return { workspaceRole, restricted };
}

/** The member's role on an item (or on the top of the library), null when it is out of their reach. */
export function roleOn(access: LibraryAccess, item: Pick<ItemRecord, 'id' | 'ancestorIds'> | null): SpaceRole | null {
  let role: SpaceRole | null = access.workspaceRole;
  if (!item || access.restricted.size === 0) return role;
  for (const id of [...item.ancestorIds, item.id]) {
    if (!access.restricted.has(id)) continue;
    const granted = access.restricted.get(id) ?? null;
    if (granted === null) return null;
    role = narrower(role, granted);
  }
  return role;
}

/** The restricted items the member cannot reach: lists and searches leave them (and all under them) out. */
export function hiddenItems(access: LibraryAccess): string[] {
  return [...access.restricted].filter(([, role]) => role === null).map(([id]) => id);
}

/**
 * The item, when the member may take the action on it; an item out of their reach (or in
 * another site) answers as one that does not exist.
 */
export async function itemFor(useCase: UseCase, access: LibraryAccess, id: string, action: SpaceAction, options: { lock?: boolean } = {}): Promise<{ item: ItemRecord; role: SpaceRole }> {
  const item = await findItem(useCase.tx, id, options);
  const role = item ? roleOn(access, item) : null;
  if (!item || role === null) throw new AppError('SPACE_ITEM_NOT_FOUND', [{ field: 'id', value: id }]);
  assertSpaceCan(role, action, id);
  return { item, role };
}
