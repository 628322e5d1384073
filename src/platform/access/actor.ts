import type { TokenScope } from '../identity/api-tokens/api-tokens.contract.js';
import type { Role } from '../identity/identity.contract.js';

/**
 * Who asks a policy. A signed-in user acts with their roles; an API token with its owner's roles,
 * narrowed to its scopes; a launch credential (course content on the content origin) only with
 * what its kind allows; a machine key (an LRS key) only within its scopes. Share-link guests and staff grants join this union when Space and staff
 * access exist; every policy then answers for them explicitly (a grant without a rule for a kind
 * refuses it).
 */
export type Actor =
  | { kind: 'user'; userId: string; roles: readonly Role[] }
  | { kind: 'token'; userId: string; roles: readonly Role[]; scopes: readonly TokenScope[] }
  /** Null for an area's visitor without an account (a Space share link's course). */
  | { kind: 'launch'; userId: string | null; credential: string }
  /** A machine credential of a site that acts for no user (an LRS key), with its scopes. */
  | { kind: 'key'; userId: null; keyId: string; scopes: readonly string[] };

/** A signed-in user as an actor (services that are handed the user of a session-only route). */
export function userActor(user: { id: string; roles: readonly Role[] }): Actor {
  return { kind: 'user', userId: user.id, roles: user.roles };
}
