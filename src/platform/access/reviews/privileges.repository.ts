import { and, arrayOverlaps, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { apiTokens, users } from '../../identity/identity.schema.js';
import { staffGrants, staffMembers } from '../staff/staff.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

/** A timestamp a raw subquery returned (a Date or, depending on the driver, its text). */
function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

export interface StaffGrantPrivilegeRow {
  id: string;
  staffName: string;
  staffEmail: string;
  scope: 'support_read' | 'admin';
  status: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** Staff grants waiting for approval or running (not past their expiry). */
export function listOpenStaffGrants(tx: Orm): Promise<StaffGrantPrivilegeRow[]> {
  return tx
    .select({
      id: staffGrants.id,
      staffName: staffMembers.name,
      staffEmail: staffMembers.email,
      scope: staffGrants.scope,
      status: staffGrants.status,
      expiresAt: staffGrants.expiresAt,
      lastUsedAt: staffGrants.lastUsedAt,
    })
    .from(staffGrants)
    .innerJoin(staffMembers, eq(staffMembers.id, staffGrants.staffId))
    .where(and(inArray(staffGrants.status, ['pending_approval', 'active']), or(isNull(staffGrants.expiresAt), gt(staffGrants.expiresAt, sql`now()`))))
    .orderBy(staffGrants.requestedAt, staffGrants.id);
}

export interface PrivilegedUserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  roles: string[];
  /** The latest of the user's live sessions' last activity and their last successful sign-in. */
  lastUsedAt: Date | null;
}

/** Active users holding one of `roles`, with when they were last seen. */
export async function listUsersWithRoles(tx: Orm, roles: readonly string[]): Promise<PrivilegedUserRow[]> {
  const rows = await tx
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      roles: users.roles,
      // Qualified by hand: inside a select list drizzle names a column without its table.
      lastUsedAt: sql<unknown>`greatest(
        (select max(s.last_seen_at) from sessions s where s.user_id = users.id),
        (select max(a.occurred_at) from audit_events a where a.actor_user_id = users.id and a.action = 'auth.sign_in.succeeded'))`,
    })
    .from(users)
    .where(and(eq(users.status, 'active'), arrayOverlaps(users.roles, [...roles] as never)))
    .orderBy(users.lastName, users.firstName, users.id);
  return rows.map((row) => ({ ...row, lastUsedAt: asDate(row.lastUsedAt) }));
}


export interface TokenPrivilegeRow {
  id: string;
  name: string;
  scopes: string[];
  expiresAt: Date;
  lastUsedAt: Date | null;
  ownerEmail: string;
  ownerFirstName: string;
  ownerLastName: string;
}

/** API tokens neither revoked nor expired, with their owners. */
export function listLiveApiTokens(tx: Orm): Promise<TokenPrivilegeRow[]> {
  return tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      ownerEmail: users.email,
      ownerFirstName: users.firstName,
      ownerLastName: users.lastName,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`now()`)))
    .orderBy(apiTokens.createdAt, apiTokens.id);
}
