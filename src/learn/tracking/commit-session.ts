import { cachedSession, SESSION_TOUCH_INTERVAL_MS, sessionLimits } from '../../platform/identity/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';

/**
 * The session behind a commit: the one that opened the player, named by the commit's launch
 * credential. The commit path checks it like every signed-in request (live, not idle past the
 * tenant's limit, active user) and counts the commit as activity, but a session not in the
 * session cache is checked inside the commit's group transaction instead of a transaction of
 * its own: one database transaction per batch, not two per commit.
 */
export interface CommitSession {
  idHash: string;
  /** The user, when the session cache vouches for the session; null: check in the batch. */
  userId: string | null;
  /** Check (again) and write last_seen_at in the batch: not cached, or activity due. */
  verify: boolean;
  idleMs: number;
}

export function commitSessionOf(tenant: Tenant, idHash: string, now: number = Date.now()): CommitSession {
  const { idleMs } = sessionLimits(tenant);
  const cached = cachedSession(idHash, now);
  const usable = cached !== undefined && cached.user.tenantId === tenant.id && cached.expiresAt.getTime() > now && now - cached.lastSeenAt <= idleMs;
  return usable ? { idHash, userId: cached.user.id, verify: now - cached.lastSeenAt > SESSION_TOUCH_INTERVAL_MS, idleMs } : { idHash, userId: null, verify: true, idleMs };
}
