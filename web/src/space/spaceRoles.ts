// What a Space role allows, as the server's policy says (src/space/space.policy.ts, checked against
// it by spaceRoles.test.ts): the UI offers only what the server would allow.
import { atLeast, SEAT_ROLES, SPACE_ROLES, type SpaceRole } from '../../../src/space/workspace/space-roles';

export { SPACE_ROLES, type SpaceRole };

/** The least role that may take each action (the server's SPACE_ACTIONS). */
export const SPACE_ACTIONS = {
  view: 'commentator',
  comment: 'commentator',
  edit: 'author',
  manageAccess: 'admin',
  purge: 'admin',
  manageMembers: 'admin',
  manageOwners: 'owner',
} as const satisfies Record<string, SpaceRole>;

export type SpaceAction = keyof typeof SPACE_ACTIONS;

export function spaceCan(role: SpaceRole | null, action: SpaceAction): boolean {
  return role !== null && atLeast(role, SPACE_ACTIONS[action]);
}

/** Owners, administrators and authors take a seat; commentators are free. */
export function takesSeat(role: SpaceRole): boolean {
  return SEAT_ROLES.includes(role);
}

/** The roles a member holding `own` may give: none above their own, and owner only by an owner. */
export function rolesGivenBy(own: SpaceRole): SpaceRole[] {
  if (!spaceCan(own, 'manageMembers')) return [];
  return SPACE_ROLES.filter((role) => atLeast(own, role) && (role !== 'owner' || spaceCan(own, 'manageOwners')));
}
