// Plain TypeScript without server imports: the web app reads the same table (web/src/space/spaceRoles.ts).
import { atLeast, type SpaceRole } from './workspace/space-roles.js';

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

