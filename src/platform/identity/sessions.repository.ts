import { and, eq, gt, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { sessions, users } from './identity.schema.js';
import type { User } from './users.repository.js';

export interface SessionRecord {
  idHash: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: User;
}

export async function insertSession(
  tx: Orm,
  input: { idHash: string; userId: string; expiresAt: Date; ip: string; userAgent: string | null },
): Promise<void> {
  await tx.insert(sessions).values(input);
}

/** The live session with this id hash and its active user; undefined when absent, expired or the user is deactivated. */
export async function findLiveSession(tx: Orm, idHash: string): Promise<SessionRecord | undefined> {
  const rows = await tx
    .select({
      idHash: sessions.idHash,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        tenantId: users.tenantId,
        email: users.email,
        firstName: users.firstName,
        lastName: users.lastName,
        roles: users.roles,
        status: users.status,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, sql`now()`), eq(users.status, 'active')))
    .limit(1);
  return rows[0];
}

export async function touchSession(tx: Orm, idHash: string): Promise<void> {
  await tx.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(tx: Orm, idHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteSessionsOfUser(tx: Orm, userId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}
