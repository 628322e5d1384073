import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { secretBox } from '../../secrets/installed-secret-box.js';
import { SecretBox } from '../../secrets/secret-box.js';
import { mfaRecoveryCodes, users, type Role } from '../identity.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface MfaState {
  roles: Role[];
  passwordHash: string | null;
  mfaSecret: string | null;
  mfaEnabledAt: Date | null;
}

export async function findMfaState(tx: Orm, userId: string): Promise<MfaState | undefined> {
  const rows = await tx
    .select({
      roles: users.roles,
      passwordHash: users.passwordHash,
      mfaSecret: users.mfaSecret,
      mfaEnabledAt: users.mfaEnabledAt,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.status, 'active')))
    .limit(1);
  const row = rows[0];
  return row && { ...row, mfaSecret: row.mfaSecret && openMfaSecret(row.mfaSecret, userId) };
}

/** The TOTP seed as stored: sealed, bound to its user (a seed stored before sealing existed is read as it is, until start-up seals it). */
function openMfaSecret(stored: string, userId: string): string {
  return SecretBox.isSealed(stored) ? secretBox().open(stored, userId) : stored;
}

/** Stores a secret awaiting confirmation; refused (false) while MFA is on. */
export async function storePendingSecret(tx: Orm, userId: string, secret: string): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ mfaSecret: secretBox().seal(secret, userId), mfaEnabledAt: null, mfaLastStep: null })
    .where(and(eq(users.id, userId), isNull(users.mfaEnabledAt)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/**
 * Records `step` as used unless it or a later step was used before. One statement, so two
 * requests with the same code cannot both pass: the second waits for the first's row lock
 * and then finds the step taken.
 */
export async function claimTotpStep(tx: Orm, userId: string, step: number): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ mfaLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.mfaLastStep), lt(users.mfaLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function markMfaEnabled(tx: Orm, userId: string): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ mfaEnabledAt: sql`now()` })
    .where(and(eq(users.id, userId), isNull(users.mfaEnabledAt), sql`${users.mfaSecret} is not null`))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function clearMfa(tx: Orm, userId: string): Promise<void> {
  await tx.update(users).set({ mfaSecret: null, mfaEnabledAt: null, mfaLastStep: null }).where(eq(users.id, userId));
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
}

/** Replaces every recovery code of the user: the old ones stop working at once. */
export async function replaceRecoveryCodes(tx: Orm, userId: string, codeHashes: string[]): Promise<void> {
  await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await tx.insert(mfaRecoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, userId })));
}

/** Marks an unused code as used in one statement; false when unknown, used, or another user's. */
export async function consumeRecoveryCode(tx: Orm, userId: string, codeHash: string): Promise<boolean> {
  const rows = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaRecoveryCodes.codeHash, codeHash), eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ codeHash: mfaRecoveryCodes.codeHash });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(tx: Orm, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Users of every site whose TOTP seed is not sealed with `keyId`, those sealed with another key first (owner connection: all sites). */
export async function findMfaSecretsNotSealedWith(owner: Orm, keyId: string, limit: number): Promise<{ id: string; mfaSecret: string }[]> {
  return owner
    .select({ id: users.id, mfaSecret: sql<string>`${users.mfaSecret}` })
    .from(users)
    .where(sql`${users.mfaSecret} is not null and ${users.mfaSecret} not like ${`s1:${keyId}:%`}`)
    // Seeds sealed with another key first: finding one must stop start-up before anything changes.
    .orderBy(sql`${users.mfaSecret} like 's1:%' desc`)
    .limit(limit);
}

/** Replaces a seed read as `previous` (no change when another request changed it meanwhile). */
export async function replaceMfaSecret(owner: Orm, userId: string, previous: string, sealed: string): Promise<void> {
  await owner.update(users).set({ mfaSecret: sealed }).where(and(eq(users.id, userId), eq(users.mfaSecret, previous)));
}
