import { and, desc, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { afterCommit, type Orm } from '../db/client.js';
import { sessions, users } from './identity.schema.js';
import { forgetSession, forgetSessionsOfTenant, forgetSessionsOfUser } from './session-cache.js';
import { userColumns, type User } from './users.repository.js';

export interface SessionRecord {
  idHash: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: User;
  mfaEnabled: boolean;
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
      mfaEnabled: sql<boolean>`${users.mfaEnabledAt} is not null`,
      user: userColumns,
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

/** Deletes the site's sessions past their absolute lifetime (nobody can use them again); returns how many. */
export async function deleteExpiredSessions(tx: Orm): Promise<number> {
  const rows = await tx.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ idHash: sessions.idHash });
  return rows.length;
}

/** Deletes a session (only if it belongs to `ownerId`, when given); returns whose it was. */
export async function deleteSession(tx: Orm, idHash: string, ownerId?: string): Promise<{ userId: string } | undefined> {
  afterCommit(tx, () => forgetSession(idHash));
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.idHash, idHash), ownerId ? eq(sessions.userId, ownerId) : undefined))
    .returning({ userId: sessions.userId });
  return rows[0];
}

/** Gives a session a new id (its digest), keeping everything else; returns when it expires, or undefined when it is gone. */
export async function replaceSessionIdHash(tx: Orm, idHash: string, newIdHash: string): Promise<{ expiresAt: Date } | undefined> {
  afterCommit(tx, () => forgetSession(idHash));
  const rows = await tx.update(sessions).set({ idHash: newIdHash }).where(eq(sessions.idHash, idHash)).returning({ expiresAt: sessions.expiresAt });
  return rows[0];
}

/** Deletes every session of a user, except the one with id hash `except`; returns how many. */
export async function deleteSessionsOfUser(tx: Orm, userId: string, except?: string): Promise<number> {
  afterCommit(tx, () => forgetSessionsOfUser(userId));
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), except ? ne(sessions.idHash, except) : undefined))
    .returning({ idHash: sessions.idHash });
  return rows.length;
}

/** Deletes every session of the site, except the one with id hash `except`; returns how many. */
export async function deleteSessionsOfTenant(tx: Orm, tenantId: string, except: string): Promise<number> {
  afterCommit(tx, () => forgetSessionsOfTenant(tenantId));
  const rows = await tx
    .delete(sessions)
    .where(and(eq(sessions.tenantId, tenantId), ne(sessions.idHash, except)))
    .returning({ idHash: sessions.idHash });
  return rows.length;
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** The live sessions of a user, newest activity first; `id` is the stored digest, useless as a cookie. */
export async function listSessionsOfUser(tx: Orm, userId: string): Promise<SessionSummary[]> {
  return tx
    .select({
      id: sessions.idHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
}
