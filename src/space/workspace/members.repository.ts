import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { spaceMembers } from './members.schema.js';
import { SEAT_ROLES, type SpaceRole } from './space-roles.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface MemberRecord {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  role: SpaceRole;
  addedAt: Date;
}

const memberColumns = {
  userId: spaceMembers.userId,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
  role: spaceMembers.role,
  addedAt: spaceMembers.addedAt,
};

export function listMembers(tx: Orm): Promise<MemberRecord[]> {
  return tx
    .select(memberColumns)
    .from(spaceMembers)
    .innerJoin(users, eq(users.id, spaceMembers.userId))
    .orderBy(sql`lower(${users.lastName})`, sql`lower(${users.firstName})`, users.id);
}

export async function findMemberRole(tx: Orm, userId: string): Promise<SpaceRole | undefined> {
  const [row] = await tx.select({ role: spaceMembers.role }).from(spaceMembers).where(eq(spaceMembers.userId, userId));
  return row?.role;
}

/** Locks the member rows, so two changes cannot both take the last seat or remove the last owner. */
export async function lockMembers(tx: Orm): Promise<void> {
  await tx.execute(sql`select 1 from ${spaceMembers} for update`);
}

export async function countMembersWithRoles(tx: Orm, roles: readonly SpaceRole[]): Promise<number> {
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(spaceMembers).where(inArray(spaceMembers.role, [...roles]));
  return row?.count ?? 0;
}

export const countSeats = (tx: Orm) => countMembersWithRoles(tx, SEAT_ROLES);

export async function upsertMember(tx: Orm, input: { userId: string; role: SpaceRole; addedBy: string }): Promise<void> {
  await tx
    .insert(spaceMembers)
    .values(input)
    .onConflictDoUpdate({ target: [spaceMembers.tenantId, spaceMembers.userId], set: { role: input.role } });
}

export async function deleteMember(tx: Orm, userId: string): Promise<boolean> {
  const rows = await tx.delete(spaceMembers).where(eq(spaceMembers.userId, userId)).returning({ userId: spaceMembers.userId });
  return rows.length > 0;
}

export async function findActiveUser(tx: Orm, userId: string): Promise<{ id: string } | undefined> {
  const [row] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.status, 'active')));
  return row;
}
