import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../platform/http/errors.js';
import { cachedSession } from '../../platform/identity/session-cache.js';
import { sessionIdOf } from '../../platform/identity/session-cookie.js';
import { hashSessionId } from '../../platform/identity/session-token.js';
import { sessionLimits } from '../../platform/identity/sessions.service.js';
import { tenantOf } from '../../platform/tenancy/tenant-resolver.js';

/** A session's last_seen_at is written at most this often (as for every other request). */
export const TOUCH_INTERVAL_MS = 30_000;

/**
 * The session of a commit. The commit path checks it like every signed-in request (live,
 * not idle past the tenant's limit, active user) and counts the commit as activity, but a
 * session not in the session cache is checked inside the commit's group transaction instead
 * of a transaction of its own: one database transaction per batch, not two per commit.
 */
export interface CommitSession {
  idHash: string;
  /** The user, when the session cache vouches for the session; null: check in the batch. */
  userId: string | null;
  /** Check (again) and write last_seen_at in the batch: not cached, or activity due. */
  verify: boolean;
  idleMs: number;
}

const sessions = new WeakMap<FastifyRequest, CommitSession>();

export const commitSessionPreHandler: preHandlerAsyncHookHandler = async (request) => {
  const sessionId = sessionIdOf(request);
  if (!sessionId || sessionId.length > 100) throw new AppError('AUTH_REQUIRED');
  const tenant = tenantOf(request);
  const idHash = hashSessionId(sessionId);
  const { idleMs } = sessionLimits(tenant);
  const now = Date.now();
  const cached = cachedSession(idHash, now);
  const usable = cached !== undefined && cached.user.tenantId === tenant.id && cached.expiresAt.getTime() > now && now - cached.lastSeenAt <= idleMs;
  sessions.set(
    request,
    usable ? { idHash, userId: cached.user.id, verify: now - cached.lastSeenAt > TOUCH_INTERVAL_MS, idleMs } : { idHash, userId: null, verify: true, idleMs },
  );
};

export function commitSessionOf(request: FastifyRequest): CommitSession {
  const session = sessions.get(request);
  if (!session) throw new AppError('AUTH_REQUIRED');
  return session;
}
