import { definePolicy } from '../platform/access/index.js';
import { AppError } from '../platform/http/index.js';
import type { SpaceRole } from './workspace/space-roles.js';
import { spaceCan, type SpaceAction } from './space-actions.js';

export { SPACE_ACTIONS, spaceCan, type SpaceAction } from './space-actions.js';

/**
 * Who may reach the Space routes at all: every signed-in user of the site, and API tokens with
 * `space:read` (routes that only read) or `space:write` (the others but the course player); membership and the role on
 * each item decide the rest (SPACE_ACTIONS below).
 */
export const spaceWorkspacePolicy = definePolicy('space.workspace', {
  read: { roles: 'signedIn', token: 'space:read' },
  write: { roles: 'signedIn', token: 'space:write' },
  /** Hand out a link to the Space's content (a share link, its recipients, a guest's review link): never staff under a grant, since the link would outlast it. */
  share: { roles: 'signedIn', token: 'space:write', staff: 'no-lasting-access' },
  /**
   * Opening a course in Learn's player: its credential is bound to the session, so no token; and
   * never staff under a grant, whose session the credential cannot be bound to (it would outlast the grant).
   */
  play: { roles: 'signedIn', staff: 'no-lasting-access' },
});
export type SpaceWorkspaceAction = (typeof spaceWorkspacePolicy.actions)[number];

/**
 * `spaceCan`, or an error: not seeing an item at all answers as if it did not exist (so a member
 * cannot probe what a restricted folder holds); seeing it without the right is AUTH_FORBIDDEN.
 */
export function assertSpaceCan(role: SpaceRole | null, action: SpaceAction, itemId?: string): void {
  if (spaceCan(role, action)) return;
  if (itemId !== undefined && !spaceCan(role, 'view')) throw new AppError('SPACE_ITEM_NOT_FOUND', [{ field: 'id', value: itemId }]);
  throw new AppError('AUTH_FORBIDDEN');
}
