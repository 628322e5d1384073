/** A member's role in a site's Space, from the most to the least it allows. */
export const SPACE_ROLES = ['owner', 'admin', 'author', 'commentator'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];

/** Roles that take a seat (they upload and edit); commentators are free and unlimited. */
export const SEAT_ROLES: readonly SpaceRole[] = ['owner', 'admin', 'author'];

const rank = (role: SpaceRole): number => SPACE_ROLES.length - SPACE_ROLES.indexOf(role);

/** Whether `role` allows at least what `floor` allows. */
export function atLeast(role: SpaceRole, floor: SpaceRole): boolean {
  return rank(role) >= rank(floor);
}

/** The narrower of two roles. */
export function narrower(a: SpaceRole, b: SpaceRole): SpaceRole {
  return rank(a) <= rank(b) ? a : b;
}

/** The wider of two roles. */
export function wider(a: SpaceRole, b: SpaceRole): SpaceRole {
  return rank(a) >= rank(b) ? a : b;
}
