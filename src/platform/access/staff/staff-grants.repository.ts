import { and, desc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { auditEvents } from '../../audit/audit.schema.js';
import { users } from '../../identity/identity.schema.js';
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
 * Ends a grant (pending or running) inside the tenant's transaction and ends the staff sessions
 * opened under it in the same commit, so the very next request with one is refused (and audited).
 * Returns the grant as it was when still open, or undefined when it had already ended.
 */
export async function revokeGrant(tx: Orm, grantId: string, by: GrantRevoker): Promise<StaffGrantRow | undefined> {
  const [ended] = await tx
    .update(staffGrants)
    .set({ status: 'revoked', revokedAt: sql`now()`, revokedBy: revokerText(by) })
    .where(and(eq(staffGrants.id, grantId), inArray(staffGrants.status, ['pending_approval', 'active'])))
    .returning();
  await endSessionsOfGrant(tx, grantId);
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
  await endSessionsOfGrant(tx, grantId);
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
        isNull(staffTenantSessions.endedAt),
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

/**
 * Marks the staff sessions of a grant ended (kept, not deleted: a request still made with one is
 * refused and audited under its staff member and grant; the expiry job deletes them later).
 */
async function endSessionsOfGrant(tx: Orm, grantId: string): Promise<void> {
  await tx.update(staffTenantSessions).set({ endedAt: sql`now()` }).where(and(eq(staffTenantSessions.grantId, grantId), isNull(staffTenantSessions.endedAt)));
}

/** A staff session that is no longer live, and why (for the audit entry of a request refused with it). */
export interface EndedStaffTenantSession {
  staffId: string;
  grantId: string;
  why: 'grant_revoked' | 'grant_expired' | 'grant_not_active' | 'session_expired' | 'staff_deactivated' | 'no_second_factor';
}

/** The staff session behind a cookie whatever its state, when it is not live (else undefined). */
export async function findEndedStaffTenantSession(tx: Orm, idHash: string): Promise<EndedStaffTenantSession | undefined> {
  const [row] = await tx
    .select({
      staffId: staffTenantSessions.staffId,
      grantId: staffTenantSessions.grantId,
      grantStatus: staffGrants.status,
      grantEnded: sql<boolean>`coalesce(${staffGrants.expiresAt} <= now(), true)`,
      sessionExpired: sql<boolean>`${staffTenantSessions.expiresAt} <= now()`,
      sessionEnded: sql<boolean>`${staffTenantSessions.endedAt} is not null`,
      staffStatus: staffMembers.status,
      staffMfa: sql<boolean>`${staffMembers.mfaEnabledAt} is not null`,
    })
    .from(staffTenantSessions)
    .innerJoin(staffGrants, eq(staffGrants.id, staffTenantSessions.grantId))
    .innerJoin(staffMembers, eq(staffMembers.id, staffTenantSessions.staffId))
    .where(eq(staffTenantSessions.idHash, idHash));
  if (!row) return undefined;
  const why: EndedStaffTenantSession['why'] | undefined =
    row.grantStatus === 'revoked'
      ? 'grant_revoked'
      : row.grantStatus === 'expired' || (row.grantStatus === 'active' && row.grantEnded)
        ? 'grant_expired'
        : row.grantStatus !== 'active'
          ? 'grant_not_active'
          : row.staffStatus !== 'active'
            ? 'staff_deactivated'
            : !row.staffMfa
              ? 'no_second_factor'
              : row.sessionExpired || row.sessionEnded
                ? 'session_expired'
                : undefined;
  return why ? { staffId: row.staffId, grantId: row.grantId, why } : undefined;
}

/** Owner: staff sessions ended or expired more than `days` ago are deleted (the audit trail keeps what was done with them). */
export async function purgeEndedStaffTenantSessions(owner: Orm, days = 30): Promise<void> {
  await owner.delete(staffTenantSessions).where(sql`coalesce(${staffTenantSessions.endedAt}, ${staffTenantSessions.expiresAt}) < now() - make_interval(days => ${days}::int)`);
}

/**
 * Whether the site's user `userId` is, or was made by, the staff member `staffId` (tenant's side):
 * the same e-mail address (case-insensitive), or an account the staff member created, made an
 * administrator or gave a new address, as the site's audit trail records it. Such a user may not
 * approve the staff member's grants.
 */
export async function isUserTiedToStaff(tx: Orm, userId: string, staffId: string): Promise<boolean> {
  const [sameAddress] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffMembers, sql`lower(${staffMembers.email}) = lower(${users.email})`)
    .where(and(eq(users.id, userId), eq(staffMembers.id, staffId)));
  if (sameAddress) return true;
  const [madeByStaff] = await tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorStaffId, staffId),
        eq(auditEvents.targetType, 'user'),
        eq(auditEvents.targetId, userId),
        inArray(auditEvents.action, ['user.created', 'user.roles_changed', 'user.email_changed', 'user.updated']),
      ),
    )
    .limit(1);
  return madeByStaff !== undefined;
}
