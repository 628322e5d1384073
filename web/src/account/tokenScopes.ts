import type {
  TOKEN_DEFAULT_DAYS as SERVER_DEFAULT_DAYS,
  TOKEN_MAX_DAYS as SERVER_MAX_DAYS,
} from '../../../src/platform/identity/api-tokens/api-tokens.contract';
import type { TokenScope } from '../shared/api';

/**
 * The scopes a token can be given, with the key of their description. The server's list is
 * the reference: a scope missing here (or one the server does not know) fails to compile.
 */
export const TOKEN_SCOPE_KEYS = {
  'content:publish': 'contentPublish',
  'reports:read': 'reportsRead',
  'users:read': 'usersRead',
  'lrs:write': 'lrsWrite',
  'space:read': 'spaceRead',
  'space:write': 'spaceWrite',
} as const satisfies Record<TokenScope, string>;

export const TOKEN_SCOPES = Object.keys(TOKEN_SCOPE_KEYS) as TokenScope[];

// Typed with the server's constants: a change there fails to compile until it is made here too.
export const TOKEN_DEFAULT_DAYS: typeof SERVER_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS: typeof SERVER_MAX_DAYS = 365;

export type TokenState = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: it was a decision. */
export function tokenState(token: { revokedAt: string | null; expiresAt: string }, now: number): TokenState {
  if (token.revokedAt) return 'revoked';
  return Date.parse(token.expiresAt) <= now ? 'expired' : 'active';
}
