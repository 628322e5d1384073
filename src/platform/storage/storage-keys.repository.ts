import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { storageTenantKeys } from './storage.schema.js';

// Platform table: the connection owner reads and writes it (no grant to the application role).

/** The tenant's sealed data key, or undefined when it has none (never made, or destroyed). */
export async function findSealedTenantKey(owner: Orm, tenantId: string): Promise<string | undefined> {
  const rows = await owner.select({ sealedKey: storageTenantKeys.sealedKey }).from(storageTenantKeys).where(eq(storageTenantKeys.tenantId, tenantId)).limit(1);
  return rows[0]?.sealedKey;
}

/** Stores the tenant's sealed data key unless it has one already (then the stored one stays: read it back). */
export async function insertSealedTenantKeyIfAbsent(owner: Orm, tenantId: string, sealedKey: string): Promise<void> {
  await owner.insert(storageTenantKeys).values({ tenantId, sealedKey }).onConflictDoNothing({ target: storageTenantKeys.tenantId });
}

/** Deletes the tenant's data key; true when there was one. */
export async function deleteTenantKey(owner: Orm, tenantId: string): Promise<boolean> {
  const rows = await owner.delete(storageTenantKeys).where(eq(storageTenantKeys.tenantId, tenantId)).returning({ tenantId: storageTenantKeys.tenantId });
  return rows.length > 0;
}

/**
 * One sealed data key, one sealed by another key than `keyPrefix` names first (`s1:<key id>:`),
 * so a check of the master key finds a foreign one if there is any.
 */
export async function findOneSealedTenantKey(owner: Orm, keyPrefix: string): Promise<{ tenantId: string; sealedKey: string } | undefined> {
  const rows = await owner
    .select({ tenantId: storageTenantKeys.tenantId, sealedKey: storageTenantKeys.sealedKey })
    .from(storageTenantKeys)
    .orderBy(sql`${storageTenantKeys.sealedKey} like ${`${keyPrefix}%`}`)
    .limit(1);
  return rows[0];
}
