import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { staffMembers, staffSessions } from './staff.schema.js';

export type StaffMemberRow = typeof staffMembers.$inferSelect;
/** A staff member as the console and the CLI show one: never the password hash or the second-factor secret. */
export type StaffMember = Pick<StaffMemberRow, 'id' | 'email' | 'name' | 'status' | 'createdAt' | 'deactivatedAt' | 'lastSignInAt' | 'mfaEnabledAt'>;

const publicColumns = {
  id: staffMembers.id,
  email: staffMembers.email,
  name: staffMembers.name,
  status: staffMembers.status,
  createdAt: staffMembers.createdAt,
  deactivatedAt: staffMembers.deactivatedAt,
  lastSignInAt: staffMembers.lastSignInAt,
  mfaEnabledAt: staffMembers.mfaEnabledAt,
};

export async function insertStaffMember(owner: Orm, input: { email: string; name: string; passwordHash: string }): Promise<StaffMember> {
  const [row] = await owner.insert(staffMembers).values(input).returning(publicColumns);
  return row!;
}

export async function findStaffByEmail(owner: Orm, email: string): Promise<StaffMemberRow | undefined> {
  const [row] = await owner
    .select()
    .from(staffMembers)
    .where(sql`lower(${staffMembers.email}) = lower(${email})`);
  return row;
}

export async function findStaffById(owner: Orm, id: string): Promise<StaffMemberRow | undefined> {
  const [row] = await owner.select().from(staffMembers).where(eq(staffMembers.id, id));
  return row;
}

export async function listStaffMembers(owner: Orm): Promise<StaffMember[]> {
  return owner.select(publicColumns).from(staffMembers).orderBy(asc(staffMembers.email));
}

export async function setStaffPassword(owner: Orm, id: string, passwordHash: string): Promise<void> {
  await owner.update(staffMembers).set({ passwordHash }).where(eq(staffMembers.id, id));
}

/** Starts (secret sealed, not yet enabled) or completes (enabledAt) the second factor. */
export async function setStaffMfa(owner: Orm, id: string, change: { sealedSecret?: string | null; enabledAt?: Date | null }): Promise<void> {
  await owner
    .update(staffMembers)
    .set({
      ...(change.sealedSecret !== undefined ? { mfaSecret: change.sealedSecret, mfaLastStep: null } : {}),
      ...(change.enabledAt !== undefined ? { mfaEnabledAt: change.enabledAt } : {}),
    })
    .where(eq(staffMembers.id, id));
}

/** Claims a TOTP time step: false when it (or a later one) was used already, so no code counts twice. */
export async function claimStaffMfaStep(owner: Orm, id: string, step: number): Promise<boolean> {
  const claimed = await owner
    .update(staffMembers)
    .set({ mfaLastStep: step })
    .where(and(eq(staffMembers.id, id), or(isNull(staffMembers.mfaLastStep), lt(staffMembers.mfaLastStep, step))))
    .returning({ id: staffMembers.id });
  return claimed.length === 1;
}

export async function markStaffSignedIn(owner: Orm, id: string): Promise<void> {
  await owner.update(staffMembers).set({ lastSignInAt: sql`now()` }).where(eq(staffMembers.id, id));
}

/** Deactivates and ends every console session in one statement pair; returns false when already inactive. */
export async function deactivateStaffRow(owner: Orm, id: string): Promise<boolean> {
  const changed = await owner
    .update(staffMembers)
    .set({ status: 'deactivated', deactivatedAt: sql`now()` })
    .where(and(eq(staffMembers.id, id), eq(staffMembers.status, 'active')))
    .returning({ id: staffMembers.id });
  await owner.delete(staffSessions).where(eq(staffSessions.staffId, id));
  return changed.length === 1;
}

export async function reactivateStaffRow(owner: Orm, id: string): Promise<void> {
  await owner.update(staffMembers).set({ status: 'active', deactivatedAt: null }).where(eq(staffMembers.id, id));
}

// Console sessions.

export interface StaffSessionCheck {
  staff: StaffMemberRow;
  mfaVerified: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function insertStaffSession(owner: Orm, input: { idHash: string; staffId: string; expiresAt: Date; ip: string; userAgent: string | null }): Promise<void> {
  await owner.insert(staffSessions).values(input);
}

export async function findStaffSession(owner: Orm, idHash: string): Promise<StaffSessionCheck | undefined> {
  const [row] = await owner
    .select({ staff: staffMembers, mfaVerifiedAt: staffSessions.mfaVerifiedAt, lastSeenAt: staffSessions.lastSeenAt, expiresAt: staffSessions.expiresAt })
    .from(staffSessions)
    .innerJoin(staffMembers, eq(staffMembers.id, staffSessions.staffId))
    .where(and(eq(staffSessions.idHash, idHash), sql`${staffSessions.expiresAt} > now()`, eq(staffMembers.status, 'active')));
  return row ? { staff: row.staff, mfaVerified: row.mfaVerifiedAt !== null, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt } : undefined;
}

export async function touchStaffSession(owner: Orm, idHash: string): Promise<void> {
  await owner.update(staffSessions).set({ lastSeenAt: sql`now()` }).where(eq(staffSessions.idHash, idHash));
}

export async function markStaffSessionVerified(owner: Orm, idHash: string): Promise<void> {
  await owner.update(staffSessions).set({ mfaVerifiedAt: sql`now()`, lastSeenAt: sql`now()` }).where(eq(staffSessions.idHash, idHash));
}

export async function deleteStaffSession(owner: Orm, idHash: string): Promise<void> {
  await owner.delete(staffSessions).where(eq(staffSessions.idHash, idHash));
}

/** Ends every console session of a staff member (a new password, a reset second factor). */
export async function deleteStaffSessionsOf(owner: Orm, staffId: string): Promise<void> {
  await owner.delete(staffSessions).where(eq(staffSessions.staffId, staffId));
}
