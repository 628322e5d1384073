import { z } from 'zod';

/**
 * What an LRS key may do, in the xAPI specification's scope names: write statements, read all or
 * only the statements it stored itself, the State resource, the Activity and Agent Profile
 * resources; `all/read` reads everything, `all` does everything.
 */
export const LRS_SCOPES = ['statements/write', 'statements/read', 'statements/read/mine', 'state', 'profile', 'all/read', 'all'] as const;
export type LrsScope = (typeof LRS_SCOPES)[number];

export const createLrsKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(LRS_SCOPES)).min(1).max(LRS_SCOPES.length),
});
export type CreateLrsKeyInput = z.infer<typeof createLrsKeyInput>;

export const lrsKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  key: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type LrsKeyView = z.infer<typeof lrsKeyView>;

export const lrsKeyList = z.object({ keys: z.array(lrsKeyView), endpoint: z.string() });
/** The answer to creating a key: the only time the secret is shown. */
export const createdLrsKey = lrsKeyView.extend({ secret: z.string(), endpoint: z.string() });
