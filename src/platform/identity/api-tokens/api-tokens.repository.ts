import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { apiTokens, users } from '../identity.schema.js';
import { userColumns, type User } from '../users.repository.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

const tokenColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  lastUsedIp: apiTokens.lastUsedIp,
  revokedAt: apiTokens.revokedAt,
};

export async function insertApiToken(
  tx: Orm,
  input: { userId: string; name: string; prefix: string; tokenHash: string; scopes: string[]; expiresAt: Date },
): Promise<ApiTokenRecord> {
  const [row] = await tx.insert(apiTokens).values(input).returning(tokenColumns);
  if (!row) throw new Error('insert into api_tokens returned no row');
  return row;
}

export async function countActiveTokensOfUser(tx: Orm, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`)));
  return row?.n ?? 0;
}

export async function listTokensOfUser(tx: Orm, userId: string): Promise<ApiTokenRecord[]> {
  return tx.select(tokenColumns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function listTokensOfTenant(
  tx: Orm,
  filter: { userId?: string | undefined; limit: number; offset: number },
): Promise<(ApiTokenRecord & { user: { id: string; email: string; firstName: string; lastName: string } })[]> {
  return tx
    .select({
      ...tokenColumns,
      user: { id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName },
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(filter.userId ? eq(apiTokens.userId, filter.userId) : undefined)
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function findToken(tx: Orm, id: string): Promise<ApiTokenRecord | undefined> {
  const rows = await tx.select(tokenColumns).from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return rows[0];
}

/** Sets revoked_at once; false when the token was revoked already. */
export async function revokeToken(tx: Orm, id: string): Promise<boolean> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** The usable token with this digest (neither revoked nor expired) and its user, if active, with whether the user has MFA on. */
export async function findUsableTokenByHash(
  tx: Orm,
  tokenHash: string,
): Promise<{ token: ApiTokenRecord; user: User; mfaEnabled: boolean } | undefined> {
  const rows = await tx
    .select({ token: tokenColumns, user: userColumns, mfaEnabledAt: users.mfaEnabledAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`), eq(users.status, 'active')),
    )
    .limit(1);
  const row = rows[0];
  return row && { token: row.token, user: row.user, mfaEnabled: row.mfaEnabledAt !== null };
}

/** Revokes every usable token of a user (deactivation); returns how many. */
export async function revokeTokensOfUser(tx: Orm, userId: string): Promise<number> {
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

export async function recordTokenUse(tx: Orm, id: string, ip: string): Promise<void> {
  await tx.update(apiTokens).set({ lastUsedAt: sql`now()`, lastUsedIp: ip }).where(eq(apiTokens.id, id));
}
