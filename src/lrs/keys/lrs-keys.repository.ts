import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { lrsKeys } from './lrs-keys.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface LrsKeyRecord {
  id: string;
  name: string;
  key: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

const keyColumns = {
  id: lrsKeys.id,
  name: lrsKeys.name,
  key: lrsKeys.key,
  scopes: lrsKeys.scopes,
  createdAt: lrsKeys.createdAt,
  lastUsedAt: lrsKeys.lastUsedAt,
  lastUsedIp: lrsKeys.lastUsedIp,
  revokedAt: lrsKeys.revokedAt,
};

export async function insertLrsKey(tx: Orm, input: { name: string; key: string; secretHash: string; scopes: string[]; createdBy: string | null }): Promise<LrsKeyRecord> {
  const [row] = await tx.insert(lrsKeys).values(input).returning(keyColumns);
  if (!row) throw new Error('insert into lrs_keys returned no row');
  return row;
}

export function listLrsKeys(tx: Orm): Promise<LrsKeyRecord[]> {
  return tx.select(keyColumns).from(lrsKeys).orderBy(desc(lrsKeys.createdAt), desc(lrsKeys.id));
}

/** The live key with this name and secret digest (revoked keys open nothing). */
export async function findLiveLrsKey(tx: Orm, key: string, secretHash: string): Promise<LrsKeyRecord | undefined> {
  const [row] = await tx
    .select(keyColumns)
    .from(lrsKeys)
    .where(and(eq(lrsKeys.key, key), eq(lrsKeys.secretHash, secretHash), isNull(lrsKeys.revokedAt)));
  return row;
}

/** Marks the key revoked; the record of a key already revoked (or none) is returned as it is. */
/** Revokes a live key; undefined when there is no such key or it was revoked already. */
export async function revokeLrsKeyRow(tx: Orm, id: string): Promise<LrsKeyRecord | undefined> {
  const [row] = await tx
    .update(lrsKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(lrsKeys.id, id), isNull(lrsKeys.revokedAt)))
    .returning(keyColumns);
  return row;
}

export async function findLrsKeyById(tx: Orm, id: string): Promise<LrsKeyRecord | undefined> {
  const [row] = await tx.select(keyColumns).from(lrsKeys).where(eq(lrsKeys.id, id));
  return row;
}

export async function noteLrsKeyUse(tx: Orm, id: string, ip: string): Promise<void> {
  await tx.update(lrsKeys).set({ lastUsedAt: sql`now()`, lastUsedIp: ip }).where(eq(lrsKeys.id, id));
}
