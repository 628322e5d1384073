import { and, desc, eq, gt, lt, ne, sql, type SQL } from 'drizzle-orm';
import { afterCommit, type Orm } from '../db/client.js';
import { qualified } from '../db/qualified.js';
import { sessions, users } from './identity.schema.js';
import { forgetSession, forgetSessionsOfTenant, forgetSessionsOfUser } from './session-cache.js';
import { userColumns, userFromJson, userJsonObject, type User } from './users.repository.js';

/** last_seen_at is written at most this often per session, so authenticated requests stay cheap. */
export const SESSION_TOUCH_INTERVAL_MS = 30_000;

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

/** A live session (unexpired, active user) as verifyAndTouchSessions found it. */
export interface VerifiedSession {
  idHash: string;
  lastSeenAt: Date;
  expiresAt: Date;
  mfaEnabled: boolean;
  user: User;
}

/**
 * Session digests as one PostgreSQL array literal, sent as one parameter: `= any(...)` on it
 * lets the planner use the primary key. Digests are base64url and need no quoting.
 */
function idHashArray(idHashes: string[]): string {
  for (const idHash of idHashes) if (!/^[A-Za-z0-9_-]+$/.test(idHash)) throw new Error('not a session digest');
  return `{${idHashes.join(',')}}`;
}

/**
 * The fragments by which a statement of another feature verifies a set of sessions and
 * touches them in its own round trip (the SCORM commit batch is one statement per batch).
 * Identity keeps what a live session is, how often activity is written and how a session's
 * user is read; the caller only places the fragments. Every value goes in as a parameter, so
 * the caller's statement text stays the same from call to call (it may be prepared).
 */
export const verifyAndTouchSessions = {
  /**
   * An expression: the live sessions among `idHashes` with their users, as one JSON array (read
   * with `parse`); in a statement that also touches them, as they were before the touches.
   * One primary-key lookup per digest, kept apart by `offset 0`: folded into one join over the
   * list, the planner scans a small tenant's whole tables.
   */
  verified(idHashes: string[]): SQL {
    return sql`(select coalesce(json_agg(found.session), '[]'::json) from unnest(${idHashArray(idHashes)}::text[]) as k(id_hash)
      cross join lateral (
        select json_build_object('idHash', ${qualified(sessions.idHash)}, 'lastSeenAt', ${qualified(sessions.lastSeenAt)},
          'expiresAt', ${qualified(sessions.expiresAt)}, 'mfaEnabled', ${qualified(users.mfaEnabledAt)} is not null, 'user', ${userJsonObject()}) as session
        from ${sessions} join ${users} on ${qualified(users.id)} = ${qualified(sessions.userId)}
        where ${qualified(sessions.idHash)} = k.id_hash and ${qualified(sessions.expiresAt)} > now() and ${qualified(users.status)} = 'active' offset 0) as found)`;
  },

  /**
   * A data-modifying statement for the caller's WITH clause: the activity of the sessions
   * among `idHashes` whose last write is older than SESSION_TOUCH_INTERVAL_MS is written now.
   * The caller passes only sessions it verified and found not idle past the site's limit.
   */
  touch(idHashes: string[]): SQL {
    return sql`update ${sessions} set last_seen_at = now()
      where id_hash = any(${idHashArray(idHashes)}::text[]) and last_seen_at < now() - ${SESSION_TOUCH_INTERVAL_MS} * interval '1 millisecond'
      returning 1`;
  },

  /** The sessions of a `verified` expression's value (a JSON array, or its text). */
  parse(value: unknown): VerifiedSession[] {
    type Found = { idHash: string; lastSeenAt: string; expiresAt: string; mfaEnabled: boolean; user: Record<string, unknown> };
    const found = (typeof value === 'string' ? JSON.parse(value) : value) as Found[];
    return found.map((session) => ({
      idHash: session.idHash,
      lastSeenAt: new Date(session.lastSeenAt),
      expiresAt: new Date(session.expiresAt),
      mfaEnabled: session.mfaEnabled,
      user: userFromJson(session.user),
    }));
  },
};

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
