import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { verifyAgainstDummy, verifyPassword } from './password-hash.js';
import { hashSessionId, newSessionId } from './session-token.js';
import { deleteSession, findLiveSession, insertSession, touchSession } from './sessions.repository.js';
import { findUserByEmail, type User } from './users.repository.js';

/** Defaults until tenants can set them (identity issue): 20 minutes idle, 12 hours absolute. */
export const SESSION_IDLE_MS = 20 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often per session, so reads stay cheap. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export async function signIn(
  db: Db,
  tenant: Tenant,
  credentials: { email: string; password: string },
  client: ClientInfo,
): Promise<{ sessionId: string; user: User }> {
  const candidate = await db.withTenant(tenant.id, (tx) => findUserByEmail(tx, credentials.email));
  const valid =
    candidate?.passwordHash && candidate.status === 'active'
      ? await verifyPassword(candidate.passwordHash, credentials.password)
      : await verifyAgainstDummy(credentials.password);
  if (!valid || !candidate) throw new AppError('AUTH_INVALID_CREDENTIALS');

  const sessionId = newSessionId();
  await db.withTenant(tenant.id, (tx) =>
    insertSession(tx, {
      idHash: hashSessionId(sessionId),
      userId: candidate.id,
      expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    }),
  );
  const { passwordHash: _hash, ...user } = candidate;
  return { sessionId, user };
}

export type SessionCheck = { ok: true; user: User } | { ok: false; reason: 'missing' | 'expired' };

/** The user behind a session cookie, refreshing its idle timer; an idle session is ended. */
export async function authenticate(db: Db, tenant: Tenant, sessionId: string | undefined): Promise<SessionCheck> {
  if (!sessionId || sessionId.length > 100) return { ok: false, reason: 'missing' };
  const idHash = hashSessionId(sessionId);
  return db.withTenant(tenant.id, async (tx) => {
    const session = await findLiveSession(tx, idHash);
    if (!session) return { ok: false, reason: 'expired' };
    const idleFor = Date.now() - session.lastSeenAt.getTime();
    if (idleFor > SESSION_IDLE_MS) {
      await deleteSession(tx, idHash);
      return { ok: false, reason: 'expired' };
    }
    if (idleFor > TOUCH_INTERVAL_MS) await touchSession(tx, idHash);
    return { ok: true, user: session.user };
  });
}

export async function signOut(db: Db, tenant: Tenant, sessionId: string | undefined): Promise<void> {
  if (!sessionId) return;
  await db.withTenant(tenant.id, (tx) => deleteSession(tx, hashSessionId(sessionId)));
}
