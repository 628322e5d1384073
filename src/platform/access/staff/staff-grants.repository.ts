import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { staffGrants, staffTenantSessions } from './staff.schema.js';

export type StaffGrantRow = typeof staffGrants.$inferSelect;

/** Who ended a grant: a staff member, a tenant's user, or the system (expiry, deactivation, an access review). */
export type GrantRevoker = { kind: 'staff'; staffId: string } | { kind: 'user'; userId: string } | { kind: 'system'; why: string };

export function revokerText(by: GrantRevoker): string {
  return by.kind === 'staff' ? `staff:${by.staffId}` : by.kind === 'user' ? `user:${by.userId}` : `system:${by.why}`;
}

/**
 * Ends a grant (pending or running) inside the tenant's transaction and deletes the staff
 * sessions opened under it in the same commit, so the very next request with one is refused.
 * Returns the grant as it was when still open, or undefined when it had already ended.
 */
export async function revokeGrant(tx: Orm, grantId: string, by: GrantRevoker): Promise<StaffGrantRow | undefined> {
  const [ended] = await tx
    .update(staffGrants)
    .set({ status: 'revoked', revokedAt: sql`now()`, revokedBy: revokerText(by) })
    .where(and(eq(staffGrants.id, grantId), inArray(staffGrants.status, ['pending_approval', 'active'])))
    .returning();
  await tx.delete(staffTenantSessions).where(eq(staffTenantSessions.grantId, grantId));
  return ended;
}
