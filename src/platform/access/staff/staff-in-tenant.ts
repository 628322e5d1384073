import { sql } from 'drizzle-orm';
import type { Db, Orm } from '../../db/client.js';

/**
 * Runs `work` as the owner with the tenant set: for the operator side's writes into a tenant's
 * tables that the application role may not make (a grant, a staff session), together with their
 * audit entry in one commit. The tenant setting keeps the owner inside the tenant's rows (and is
 * what the audit entry's tenant defaults to) even where the owner is no superuser.
 */
export function ownerInTenant<T>(db: Db, tenantId: string, work: (tx: Orm) => Promise<T>): Promise<T> {
  return db.owner.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return work(tx);
  });
}
