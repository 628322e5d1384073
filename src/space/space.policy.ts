import { definePolicy } from '../platform/access/index.js';
import { AppError } from '../platform/http/index.js';
import { atLeast, type SpaceRole } from './workspace/space-roles.js';

/**
 * Who may reach the Space routes at all: every signed-in user of the site (and API tokens with
 * the `space` scope are not admitted yet); membership and the role on each item decide the rest
 * (SPACE_ACTIONS below).
 */
export const spaceWorkspacePolicy = definePolicy('space.workspace', {
  use: { roles: 'signedIn' },
});

/**
 * What each Space role may do on an item (or on the workspace), for the role the member holds
 * there (item-access.ts works it out: the workspace role, narrowed by restricted folders above).
 * The least role that may take the action.
 */
export const SPACE_ACTIONS = {
  /** See it listed, open it, preview and download it, see its versions. */
  view: 'commentator',
  /** Comment and take part in reviews. */
  comment: 'commentator',
  /** Upload into a folder, make folders, rename, tag, move, copy, trash, restore, upload or restore versions. */
  edit: 'author',
  /** Decide who may reach a folder, project or file (restrict it, name members and groups). */
  manageAccess: 'admin',
  /** Delete from the trash for good, before the 30 days are over. */
  purge: 'admin',
  /** Add members, change their roles, remove them. */
  manageMembers: 'admin',
  /** Make someone an owner, or change or remove an owner. */
  manageOwners: 'owner',
} as const satisfies Record<string, SpaceRole>;

export type SpaceAction = keyof typeof SPACE_ACTIONS;

/** Whether a member holding `role` (none: no access at all) may take the action. */
export function spaceCan(role: SpaceRole | null, action: SpaceAction): boolean {
  return role !== null && atLeast(role, SPACE_ACTIONS[action]);
}

/**
 * `spaceCan`, or an error: not seeing an item at all answers as if it did not exist (so a member
 * cannot probe what a restricted folder holds); seeing it without the right is AUTH_FORBIDDEN.
 */
export function assertSpaceCan(role: SpaceRole | null, action: SpaceAction, itemId?: string): void {
  if (spaceCan(role, action)) return;
  if (itemId !== undefined && !spaceCan(role, 'view')) throw new AppError('SPACE_ITEM_NOT_FOUND', [{ field: 'id', value: itemId }]);
  throw new AppError('AUTH_FORBIDDEN');
}
