import { and, desc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { tenants } from '../../tenancy/tenancy.schema.js';
import { staffGrants, staffMembers, staffTenantSessions } from './staff.schema.js';

export type StaffGrantRow = typeof staffGrants.$inferSelect;
export type GrantScope = StaffGrantRow['scope'];

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

/** Owner only (the operator side creates grants; the application role may not). */
export async function insertGrant(
  owner: Orm,
  input: { tenantId: string; staffId: string; scope: GrantScope; reason: string; ticket: string; durationMinutes: number; startsNow: boolean },
): Promise<StaffGrantRow> {
  const [row] = await owner
    .insert(staffGrants)
    .values({
      tenantId: input.tenantId,
      staffId: input.staffId,
      scope: input.scope,
      reason: input.reason,
      ticket: input.ticket,
      durationMinutes: input.durationMinutes,
      status: input.startsNow ? 'active' : 'pending_approval',
      ...(input.startsNow ? { startsAt: sql`now()`, expiresAt: sql`now() + make_interval(mins => ${input.durationMinutes}::int)` } : {}),
    })
    .returning();
  return row!;
}

export interface GrantWithTenant extends StaffGrantRow {
  tenantSlug: string;
  tenantName: string;
}

/** A staff member's grants of every tenant, newest first (owner: the console). */
export async function listGrantsOfStaff(owner: Orm, staffId: string, limit = 100): Promise<GrantWithTenant[]> {
  const rows = await owner
    .select({ grant: staffGrants, tenantSlug: tenants.slug, tenantName: tenants.name })
    .from(staffGrants)
    .innerJoin(tenants, eq(tenants.id, staffGrants.tenantId))
    .where(eq(staffGrants.staffId, staffId))
    .orderBy(desc(staffGrants.requestedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.grant, tenantSlug: r.tenantSlug, tenantName: r.tenantName }));
}

export async function findGrantOfStaff(owner: Orm, grantId: string, staffId: string): Promise<GrantWithTenant | undefined> {
  const [row] = await owner
    .select({ grant: staffGrants, tenantSlug: tenants.slug, tenantName: tenants.name })
    .from(staffGrants)
    .innerJoin(tenants, eq(tenants.id, staffGrants.tenantId))
    .where(and(eq(staffGrants.id, grantId), eq(staffGrants.staffId, staffId)));
  return row ? { ...row.grant, tenantSlug: row.tenantSlug, tenantName: row.tenantName } : undefined;
}

/** Every grant still open (pending or running) of a staff member, with its tenant (owner). */
export async function listOpenGrantsOfStaff(owner: Orm, staffId: string): Promise<StaffGrantRow[]> {
  return owner
    .select()
    .from(staffGrants)
    .where(and(eq(staffGrants.staffId, staffId), inArray(staffGrants.status, ['pending_approval', 'active'])));
}

/** Running grants whose time is up (owner; the expiry job ends them tenant by tenant). */
export async function listDueGrants(owner: Orm): Promise<Pick<StaffGrantRow, 'id' | 'tenantId' | 'staffId'>[]> {
  return owner
    .select({ id: staffGrants.id, tenantId: staffGrants.tenantId, staffId: staffGrants.staffId })
    .from(staffGrants)
    .where(and(eq(staffGrants.status, 'active'), lte(staffGrants.expiresAt, sql`now()`)));
}

export async function expireGrant(tx: Orm, grantId: string): Promise<boolean> {
  const ended = await tx
    .update(staffGrants)
    .set({ status: 'expired' })
    .where(and(eq(staffGrants.id, grantId), eq(staffGrants.status, 'active'), lte(staffGrants.expiresAt, sql`now()`)))
    .returning({ id: staffGrants.id });
  await tx.delete(staffTenantSessions).where(eq(staffTenantSessions.grantId, grantId));
  return ended.length === 1;
}

// The tenant's side (application role, inside withTenant).

export interface TenantGrantView extends StaffGrantRow {
  staffName: string;
  staffEmail: string;
}

export async function listTenantGrants(tx: Orm, limit = 200): Promise<TenantGrantView[]> {
  const rows = await tx
    .select({ grant: staffGrants, staffName: staffMembers.name, staffEmail: staffMembers.email })
    .from(staffGrants)
    .innerJoin(staffMembers, eq(staffMembers.id, staffGrants.staffId))
    .orderBy(desc(staffGrants.requestedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.grant, staffName: r.staffName, staffEmail: r.staffEmail }));
}

/** One of the tenant's grants by id (row-level security: another tenant's is not found). */
export async function findTenantGrant(tx: Orm, grantId: string): Promise<StaffGrantRow | undefined> {
  const [row] = await tx.select().from(staffGrants).where(eq(staffGrants.id, grantId));
  return row;
}

/** The tenant's admin decides a pending grant; an approved one starts now and runs its duration. */
export async function decideGrant(tx: Orm, grantId: string, userId: string, approve: boolean): Promise<StaffGrantRow | undefined> {
  const [row] = await tx
    .update(staffGrants)
    .set(
      approve
        ? { status: 'active', decidedByUserId: userId, decidedAt: sql`now()`, startsAt: sql`now()`, expiresAt: sql`now() + make_interval(mins => ${staffGrants.durationMinutes}::int)` }
        : { status: 'rejected', decidedByUserId: userId, decidedAt: sql`now()` },
    )
    .where(and(eq(staffGrants.id, grantId), eq(staffGrants.status, 'pending_approval')))
    .returning();
  return row;
}

// Staff sessions on a tenant's site.

export async function insertStaffTenantSession(
  owner: Orm,
  input: { idHash: string; tenantId: string; grantId: string; staffId: string; expiresAt: Date; ip: string; userAgent: string | null },
): Promise<void> {
  await owner.insert(staffTenantSessions).values(input);
}

export interface LiveStaffTenantSession {
  grant: StaffGrantRow;
  staff: { id: string; email: string; name: string };
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * The staff session behind a cookie, only while its grant runs and its staff member is active with
 * a second factor: revocation, expiry, deactivation and a reset second factor end it with the very
 * next request, on every node (no cache).
 */
export async function findLiveStaffTenantSession(tx: Orm, idHash: string): Promise<LiveStaffTenantSession | undefined> {
  const [row] = await tx
    .select({
      grant: staffGrants,
      staffId: staffMembers.id,
      staffEmail: staffMembers.email,
      staffName: staffMembers.name,
      lastSeenAt: staffTenantSessions.lastSeenAt,
      expiresAt: staffTenantSessions.expiresAt,
    })
    .from(staffTenantSessions)
    .innerJoin(staffGrants, eq(staffGrants.id, staffTenantSessions.grantId))
    .innerJoin(staffMembers, eq(staffMembers.id, staffTenantSessions.staffId))
    .where(
      and(
        eq(staffTenantSessions.idHash, idHash),
        sql`${staffTenantSessions.expiresAt} > now()`,
        eq(staffGrants.status, 'active'),
        sql`${staffGrants.expiresAt} > now()`,
        eq(staffMembers.status, 'active'),
        isNotNull(staffMembers.mfaEnabledAt),
      ),
    );
  if (!row) return undefined;
  return { grant: row.grant, staff: { id: row.staffId, email: row.staffEmail, name: row.staffName }, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt };
}

export async function touchStaffTenantSession(tx: Orm, idHash: string, grantId: string): Promise<void> {
  await tx.update(staffTenantSessions).set({ lastSeenAt: sql`now()` }).where(eq(staffTenantSessions.idHash, idHash));
  await tx.update(staffGrants).set({ lastUsedAt: sql`now()` }).where(eq(staffGrants.id, grantId));
}

export async function deleteStaffTenantSession(tx: Orm, idHash: string): Promise<void> {
  await tx.delete(staffTenantSessions).where(eq(staffTenantSessions.idHash, idHash));
}
