import { z } from 'zod';
import { localisedRefinement } from '../../http/localised-checks.contract.js';
import { displayName } from '../../names/display-name.contract.js';
import { oneSecondFactor, reauthenticationFields } from '../account.contract.js';
import { sessionUser } from '../identity.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/**
 * What a token may be used for. A scope never grants more than its user's roles allow: a route
 * checks both. Kept small on purpose; a new scope is added here when a route needs it.
 */
export const TOKEN_SCOPES = {
  'content:publish': 'Upload and publish course packages (authoring tools)',
  'reports:read': 'Read progress and completion reports',
  'users:read': 'Read the users of the site',
  'lrs:write': 'Send xAPI statements to the learning record store',
  'space:read': "Read the Space library: files, versions, comments, share links (as the token's owner may)",
  'space:write': "Change the Space library: upload, edit, comment, share, publish (as the token's owner may)",
} as const;
export type TokenScope = keyof typeof TOKEN_SCOPES;
export const TOKEN_SCOPE_NAMES = Object.keys(TOKEN_SCOPES) as [TokenScope, ...TokenScope[]];

export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
/** Active (unexpired, unrevoked) tokens a user may hold at once. */
export const TOKEN_MAX_ACTIVE_PER_USER = 50;

export const createApiTokenInput = z.object({
  name: displayName(100),
  scopes: z
    .array(z.enum(TOKEN_SCOPE_NAMES))
    .min(1)
    .refine((scopes) => new Set(scopes).size === scopes.length, localisedRefinement({ en: 'may name each permission once', de: 'darf jede Berechtigung nur einmal nennen' })),
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

/** A user's own request for a token, a credential that outlives the session: full re-authentication first. */
export const createOwnApiTokenInput = oneSecondFactor(createApiTokenInput.extend(reauthenticationFields));
export type CreateOwnApiTokenInput = z.input<typeof createOwnApiTokenInput>;

const timestamp = z.iso.datetime({ offset: true });

export const apiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The token's first characters (`lct_1a2b3c4d`), to tell tokens apart; not a secret. */
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: timestamp,
  expiresAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenView>;

export const createdApiToken = apiTokenView.extend({
  /** The whole token, shown this once; only its SHA-256 is stored. */
  token: z.string(),
});

export const apiTokenList = z.object({ tokens: z.array(apiTokenView) });

export const adminApiTokenView = apiTokenView.extend({
  lastUsedIp: z.string().nullable(),
  user: sessionUser.pick({ id: true, email: true, firstName: true, lastName: true }),
});
export type AdminApiTokenView = z.infer<typeof adminApiTokenView>;

export const adminApiTokenQuery = z.object({
  userId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AdminApiTokenQuery = z.infer<typeof adminApiTokenQuery>;

export const adminApiTokenList = z.object({ tokens: z.array(adminApiTokenView) });

/** GET /api/me: the caller, by session cookie or by API token. */
export const meResponse = z.object({
  user: sessionUser,
  tenant: z.object({ name: z.string(), slug: z.string() }),
  authentication: z.object({
    method: z.enum(['session', 'token']),
    tokenId: z.uuid().optional(),
    scopes: z.array(z.string()).optional(),
  }),
});
