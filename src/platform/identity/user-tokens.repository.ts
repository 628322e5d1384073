import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { userTokens, users } from './identity.schema.js';
import type { UserTokenPurpose } from './user-tokens.js';
import { type User, userColumns } from './users.repository.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export async function insertUserToken(
  tx: Orm,
  input: { tokenHash: string; userId: string; purpose: UserTokenPurpose; validMs: number; newEmail?: string },
): Promise<void> {
  await tx.insert(userTokens).values({
    tokenHash: input.tokenHash,
    userId: input.userId,
    purpose: input.purpose,
    newEmail: input.newEmail ?? null,
    // The database clock decides expiry, as it does when the token is checked.
    expiresAt: sql`now() + (${input.validMs}::double precision * interval '1 millisecond')`,
  });
}

/** Makes the user's unused links of this purpose stop working (a newer one replaces them, or one was used). */
export async function deleteUnusedUserTokens(tx: Orm, userId: string, purpose: UserTokenPurpose): Promise<void> {
  await tx
    .delete(userTokens)
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
}

/** Makes every unused link of the user stop working, whatever its purpose (deactivation); returns how many. */
export async function deleteUnusedUserTokensOfUser(tx: Orm, userId: string): Promise<number> {
  const rows = await tx
    .delete(userTokens)
    .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)))
    .returning({ tokenHash: userTokens.tokenHash });
  return rows.length;
}

/** Whether a link of this purpose was issued to the user within the last `withinMs`. */
export async function hasRecentUserToken(tx: Orm, userId: string, purpose: UserTokenPurpose, withinMs: number): Promise<boolean> {
  const rows = await tx
    .select({ tokenHash: userTokens.tokenHash })
    .from(userTokens)
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, purpose),
        gt(userTokens.createdAt, sql`now() - (${withinMs}::double precision * interval '1 millisecond')`),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export interface TokenHolder {
  user: User;
  newEmail: string | null;
}

const holderColumns = {
  newEmail: userTokens.newEmail,
  user: userColumns,
};

/** A token row that can still be used: this hash and purpose, unused, unexpired. */
function usable(tokenHash: string, purpose: UserTokenPurpose) {
  return and(
    eq(userTokens.tokenHash, tokenHash),
    eq(userTokens.purpose, purpose),
    isNull(userTokens.usedAt),
    gt(userTokens.expiresAt, sql`now()`),
  );
}

/** The active user a usable (unused, unexpired) token of this purpose belongs to. */
export async function findTokenHolder(tx: Orm, tokenHash: string, purpose: UserTokenPurpose): Promise<TokenHolder | undefined> {
  const rows = await tx
    .select(holderColumns)
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(usable(tokenHash, purpose), eq(users.status, 'active')))
    .limit(1);
  return rows[0];
}

/**
 * Marks a usable token used, in one statement: of two requests racing with the same link,
 * exactly one gets the holder back.
 */
export async function consumeUserToken(
  tx: Orm,
  tokenHash: string,
  purpose: UserTokenPurpose,
): Promise<{ userId: string; newEmail: string | null } | undefined> {
  const rows = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(usable(tokenHash, purpose))
    .returning({ userId: userTokens.userId, newEmail: userTokens.newEmail });
  return rows[0];
}
