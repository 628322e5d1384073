// What a Space role allows: the server's own table (src/space/space-actions.ts), so the UI offers
// only what the server would allow.
import { atLeast, SEAT_ROLES, SPACE_ROLES, type SpaceRole } from '../../../src/space/workspace/space-roles';

export { SPACE_ROLES, type SpaceRole };

import { spaceCan } from '../../../src/space/space-actions';

export { SPACE_ACTIONS, spaceCan, type SpaceAction } from '../../../src/space/space-actions';

/** Owners, administrators and authors take a seat; commentators are free. */
export function takesSeat(role: SpaceRole): boolean {
  return SEAT_ROLES.includes(role);
}

/** The roles a member holding `own` may give: none above their own, and owner only by an owner. */
export function rolesGivenBy(own: SpaceRole): SpaceRole[] {
  if (!spaceCan(own, 'manageMembers')) return [];
  return SPACE_ROLES.filter((role) => atLeast(own, role) && (role !== 'owner' || spaceCan(own, 'manageOwners')));
}
