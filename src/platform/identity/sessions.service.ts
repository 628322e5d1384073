import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db, Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { confirmPassword } from './credentials.js';
import { cachedSession, rememberSession, sessionCacheTicket, type CacheTicket } from './session-cache.js';
import { hashSessionId, newSessionId } from './session-token.js';
import { authenticateStaffSession, endStaffTenantSession, isStaffSessionId, type StaffAccess } from '../access/staff/staff-tenant-sessions.js';
import type { EndedStaffTenantSession } from '../access/staff/staff-grants.repository.js';
import {
  deleteSession,
  deleteSessionsOfTenant,
  deleteSessionsOfUser,
  findLiveSession,
  insertSession,
  listSessionsOfUser,
  replaceSessionIdHash,
  SESSION_TOUCH_INTERVAL_MS,
  touchSession,
  type SessionSummary,
  type VerifiedSession,
} from './sessions.repository.js';
import type { User } from './users.repository.js';

export { SESSION_TOUCH_INTERVAL_MS, verifyAndTouchSessions, type VerifiedSession } from './sessions.repository.js';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  /** The id of the request (as the log and the `x-request-id` answer header show it), for the audit log. */
  requestId?: string;
}

export interface SessionTimes {
  /** When the session ends unless there is activity before. */
  idleExpiresAt: Date;
  /** When the session ends whatever the activity. */
  expiresAt: Date;
}

export function sessionLimits(tenant: Tenant): { idleMs: number; absoluteMs: number } {
  const { idleMinutes, absoluteHours } = settingsOf(tenant).session;
  return { idleMs: idleMinutes * 60_000, absoluteMs: absoluteHours * 3_600_000 };
}

/** The factors a sign-in was made with, as the audit event of the sign-in names them. */
export type SignInFactors = 'password' | 'password+totp' | 'password+recovery_code';

export interface SessionStart {
  /** What the sign-in proved (written to `auth.sign_in.succeeded`). */
  factors?: SignInFactors;
  /** The session whose cookie came with the sign-in: it ends, so no earlier id outlives a new authentication. */
  replacing?: string | undefined;
}

/** Starts a session for a user whose credentials (and second factor) were checked: a new random id every time. */
export async function startSession(
  db: Db,
  tenant: Tenant,
  user: User,
  client: ClientInfo,
  start: SessionStart = {},
): Promise<{ sessionId: string } & SessionTimes> {
  const sessionId = newSessionId();
  const { idleMs, absoluteMs } = sessionLimits(tenant);
  const now = Date.now();
  const expiresAt = new Date(now + absoluteMs);
  await db.withTenant(tenant.id, async (tx) => {
    if (start.replacing) await endSessionOfCookie(tx, start.replacing, client, { reason: 'signed_in_again' });
    await insertSession(tx, {
      idHash: hashSessionId(sessionId),
      userId: user.id,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    });
    await insertAuditEvent(tx, {
      action: 'auth.sign_in.succeeded',
      actorUserId: user.id,
      actorIp: client.ip,
      userAgent: client.userAgent,
      requestId: client.requestId,
      targetType: 'user',
      targetId: user.id,
      details: { factors: start.factors ?? 'password' },
    });
  });
  return { sessionId, idleExpiresAt: new Date(Math.min(now + idleMs, expiresAt.getTime())), expiresAt };
}

/**
 * A new id for a session whose user has just authenticated again (a password change), inside the
 * caller's transaction: the old id stops working at once; the session keeps its deadlines.
 */
export async function renewSessionId(tx: Orm, sessionId: string): Promise<{ sessionId: string; expiresAt: Date }> {
  const renewed = newSessionId();
  const session = await replaceSessionIdHash(tx, hashSessionId(sessionId), hashSessionId(renewed));
  if (!session) throw new AppError('AUTH_SESSION_EXPIRED');
  return { sessionId: renewed, expiresAt: session.expiresAt };
}

export type SessionCheck =
  /** `staff`: a staff member under a grant (access/staff), acting as the site's administrator. */
  | { ok: true; user: User; idHash: string; times: SessionTimes; mfaEnabled: boolean; staff?: StaffAccess }
  /** `endedStaff`: a staff session whose grant ended (access/staff); the guard audits the refusal. */
  | { ok: false; reason: 'missing' | 'expired'; endedStaff?: EndedStaffTenantSession };

/**
 * The user behind a session cookie. Activity (touch) moves the idle deadline; a session idle
 * past the tenant's limit is ended.
 */
export async function authenticate(
  db: Db,
  tenant: Tenant,
  sessionId: string | undefined,
  options: { touch: 'if-due' | 'always' | 'never' } = { touch: 'if-due' },
): Promise<SessionCheck> {
  if (!sessionId || sessionId.length > 100) return { ok: false, reason: 'missing' };
  const idHash = hashSessionId(sessionId);
  const { idleMs } = sessionLimits(tenant);
  if (isStaffSessionId(sessionId)) {
    const staff = await authenticateStaffSession(db, tenant, sessionId, idleMs, options.touch);
    if (!staff.ok) return staff;
    return { ok: true, user: staff.user, idHash, times: { idleExpiresAt: staff.idleExpiresAt, expiresAt: staff.expiresAt }, mfaEnabled: true, staff: staff.staff };
  }
  const now = Date.now();

  // A session checked a moment ago needs no database round trip unless this request must move its idle deadline.
  const cached = options.touch === 'always' ? undefined : cachedSession(idHash, now);
  if (cached && cached.user.tenantId === tenant.id && cached.expiresAt.getTime() > now) {
    const idleFor = now - cached.lastSeenAt;
    if (idleFor <= idleMs && (options.touch === 'never' || idleFor <= SESSION_TOUCH_INTERVAL_MS)) {
      const times = { idleExpiresAt: new Date(Math.min(cached.lastSeenAt + idleMs, cached.expiresAt.getTime())), expiresAt: cached.expiresAt };
      return { ok: true, user: cached.user, idHash, times, mfaEnabled: cached.mfaEnabled };
    }
  }

  // Taken before the read: a change committed after it keeps what this check reads out of the cache.
  const ticket = sessionCacheTicket();
  return db.withTenant(tenant.id, async (tx) => {
    const session = await findLiveSession(tx, idHash);
    if (!session) return { ok: false, reason: 'expired' };
    const idleFor = now - session.lastSeenAt.getTime();
    if (idleFor > idleMs) {
      await deleteSession(tx, idHash);
      return { ok: false, reason: 'expired' };
    }
    const touched = options.touch === 'always' || (options.touch === 'if-due' && idleFor > SESSION_TOUCH_INTERVAL_MS);
    if (touched) await touchSession(tx, idHash);
    const lastSeen = touched ? now : session.lastSeenAt.getTime();
    rememberSession(idHash, { user: session.user, mfaEnabled: session.mfaEnabled, lastSeenAt: lastSeen, expiresAt: session.expiresAt, checkedAt: now }, ticket);
    const times = {
      idleExpiresAt: new Date(Math.min(lastSeen + idleMs, session.expiresAt.getTime())),
      expiresAt: session.expiresAt,
    };
    return { ok: true, user: session.user, idHash, times, mfaEnabled: session.mfaEnabled };
  });
}

/**
 * Of sessions verified in another feature's statement (verifyAndTouchSessions), those whose
 * activity is due to be written: quiet longer than the touch interval, not idle past `idleMs`
 * (such a one stays ended).
 */
export function sessionsDueForTouch(verified: VerifiedSession[], now: number, idleMs: number): string[] {
  return verified
    .filter((session) => {
      const quiet = now - session.lastSeenAt.getTime();
      return quiet > SESSION_TOUCH_INTERVAL_MS && quiet <= idleMs;
    })
    .map((session) => session.idHash);
}

/**
 * Caches sessions verified (and touched where due) in another feature's transaction, once it
 * has committed, as after any signed-in request; `ticket` was taken before that transaction
 * read them (see session-cache).
 */
export function rememberVerifiedSessions(verified: VerifiedSession[], now: number, idleMs: number, ticket: CacheTicket): void {
  for (const session of verified) {
    const quiet = now - session.lastSeenAt.getTime();
    if (quiet > idleMs) continue;
    const lastSeenAt = quiet > SESSION_TOUCH_INTERVAL_MS ? now : session.lastSeenAt.getTime();
    rememberSession(session.idHash, { user: session.user, mfaEnabled: session.mfaEnabled, lastSeenAt, expiresAt: session.expiresAt, checkedAt: now }, ticket);
  }
}

/** Ends the session of a cookie, if it is still there, and audits it as a sign-out of its user. */
async function endSessionOfCookie(tx: Orm, sessionId: string, client: ClientInfo, details?: Record<string, unknown>): Promise<void> {
  const ended = await deleteSession(tx, hashSessionId(sessionId));
  if (!ended) return;
  await insertAuditEvent(tx, {
    action: 'auth.sign_out',
    actorUserId: ended.userId,
    actorIp: client.ip,
    userAgent: client.userAgent,
    requestId: client.requestId,
    targetType: 'user',
    targetId: ended.userId,
    ...(details ? { details } : {}),
  });
}

export async function signOut(db: Db, tenant: Tenant, sessionId: string | undefined, client: ClientInfo): Promise<void> {
  if (!sessionId) return;
  if (isStaffSessionId(sessionId)) return endStaffTenantSession(db, tenant, sessionId, client);
  await db.withTenant(tenant.id, (tx) => endSessionOfCookie(tx, sessionId, client));
}

export async function listSessions(db: Db, tenant: Tenant, userId: string): Promise<SessionSummary[]> {
  return db.withTenant(tenant.id, (tx) => listSessionsOfUser(tx, userId));
}

/**
 * Ends one session of `ownerId` (users end their own; administrators anyone's: pass the
 * session's owner). Refuses ids that are not that user's.
 */
export async function endSession(
  db: Db,
  tenant: Tenant,
  actor: { user: User; client: ClientInfo },
  ownerId: string,
  sessionIdHash: string,
): Promise<void> {
  await db.withTenant(tenant.id, async (tx) => {
    const ended = await deleteSession(tx, sessionIdHash, ownerId);
    if (!ended) throw new AppError('SESSION_NOT_FOUND');
    await insertAuditEvent(tx, {
      action: 'session.ended',
      actorUserId: actor.user.id,
      actorIp: actor.client.ip,
      userAgent: actor.client.userAgent,
      requestId: actor.client.requestId,
      targetType: 'user',
      targetId: ownerId,
    });
  });
}

export async function endAllSessions(
  db: Db,
  tenant: Tenant,
  actor: { user: User; client: ClientInfo },
  ownerId: string,
  except?: string,
): Promise<number> {
  return db.withTenant(tenant.id, async (tx) => {
    const count = await deleteSessionsOfUser(tx, ownerId, except);
    await insertAuditEvent(tx, {
      action: 'session.ended_all',
      actorUserId: actor.user.id,
      actorIp: actor.client.ip,
      userAgent: actor.client.userAgent,
      requestId: actor.client.requestId,
      targetType: 'user',
      targetId: ownerId,
      details: { count, keptCurrent: except !== undefined },
    });
    return count;
  });
}

/**
 * Ending one's own sessions asks for one factor again (ASVS V7.5.2): someone at a session left
 * open must not end the owner's other sessions (the owner's way to throw them out). A wrong
 * password counts like a wrong sign-in.
 */
export async function endOwnSession(db: Db, tenant: Tenant, actor: { user: User; client: ClientInfo }, sessionIdHash: string, currentPassword: string): Promise<void> {
  await confirmPassword(db, { tenant, ...actor.client }, actor.user, currentPassword, 'session_end');
  await endSession(db, tenant, actor, actor.user.id, sessionIdHash);
}

/** Ends all of one's own sessions but the current one, after the password (see endOwnSession); returns how many. */
export async function endOwnOtherSessions(
  db: Db,
  tenant: Tenant,
  actor: { user: User; client: ClientInfo },
  currentIdHash: string | undefined,
  currentPassword: string,
): Promise<number> {
  await confirmPassword(db, { tenant, ...actor.client }, actor.user, currentPassword, 'session_end');
  return endAllSessions(db, tenant, actor, actor.user.id, currentIdHash);
}

/**
 * Ends every session of the site but the administrator's own (ASVS V7.4.5): after a suspected
 * break-in, everyone signs in again. Audited with the count.
 */
export async function endAllSessionsOfSite(db: Db, tenant: Tenant, actor: { user: User; client: ClientInfo }, ownIdHash: string): Promise<number> {
  return db.withTenant(tenant.id, async (tx) => {
    const count = await deleteSessionsOfTenant(tx, tenant.id, ownIdHash);
    await insertAuditEvent(tx, {
      action: 'session.ended_all_of_site',
      actorUserId: actor.user.id,
      actorIp: actor.client.ip,
      userAgent: actor.client.userAgent,
      requestId: actor.client.requestId,
      targetType: 'tenant',
      targetId: tenant.id,
      details: { count },
    });
    return count;
  });
}
