import type { User } from './users.repository.js';

/**
 * How long a checked session is trusted without asking the database again. Ending a session
 * on this node takes effect when its transaction commits (the repository forgets it then); on
 * other nodes within this time.
 */
export const SESSION_CACHE_MS = 2_000;
const MAX_ENTRIES = 50_000;

export interface CachedSession {
  user: User;
  mfaEnabled: boolean;
  lastSeenAt: number;
  expiresAt: Date;
  checkedAt: number;
}

const byIdHash = new Map<string, CachedSession>();

/*
 * A check that read a session before a change committed must not cache what it read after the
 * change has forgotten the session. Every forgetting advances a clock and stamps what it
 * forgot (a session, a user, a site); a check takes the clock's reading before its read (its
 * ticket) and caches only if nothing it would cache was stamped since.
 */
let clock = 0;
/** Checks with a ticket older than this may not cache: the stamps they would be judged by were dropped. */
let floor = 0;
const stamps = new Map<string, number>();
const MAX_STAMPS = 10_000;

/** Taken before a session check reads the database; rememberSession() needs it. */
export type CacheTicket = number;

export function sessionCacheTicket(): CacheTicket {
  return clock;
}

function stamp(key: string): void {
  clock += 1;
  if (stamps.size >= MAX_STAMPS) {
    stamps.clear();
    floor = clock;
  }
  stamps.set(key, clock);
}

const sessionKey = (idHash: string) => `s:${idHash}`;
const userKey = (userId: string) => `u:${userId}`;
const tenantKey = (tenantId: string) => `t:${tenantId}`;

function forgottenSince(ticket: CacheTicket, idHash: string, entry: CachedSession): boolean {
  if (ticket < floor) return true;
  return [sessionKey(idHash), userKey(entry.user.id), tenantKey(entry.user.tenantId)].some((key) => (stamps.get(key) ?? 0) > ticket);
}

export function cachedSession(idHash: string, now: number): CachedSession | undefined {
  const entry = byIdHash.get(idHash);
  if (!entry) return undefined;
  if (now - entry.checkedAt > SESSION_CACHE_MS) {
    byIdHash.delete(idHash);
    return undefined;
  }
  return entry;
}

/** Caches a checked session, unless it (its user, its site) was forgotten after `ticket` was taken. */
export function rememberSession(idHash: string, entry: CachedSession, ticket: CacheTicket): void {
  if (forgottenSince(ticket, idHash, entry)) return;
  if (byIdHash.size >= MAX_ENTRIES) byIdHash.clear();
  byIdHash.set(idHash, entry);
}

// The forget* functions run after the change's commit (see afterCommit in platform/db).

export function forgetSession(idHash: string): void {
  stamp(sessionKey(idHash));
  byIdHash.delete(idHash);
}

export function forgetSessionsOfUser(userId: string): void {
  stamp(userKey(userId));
  for (const [idHash, entry] of byIdHash) if (entry.user.id === userId) byIdHash.delete(idHash);
}

export function forgetSessionsOfTenant(tenantId: string): void {
  stamp(tenantKey(tenantId));
  for (const [idHash, entry] of byIdHash) if (entry.user.tenantId === tenantId) byIdHash.delete(idHash);
}

/** For tests that change sessions in the database behind the application's back. */
export function forgetAllSessions(): void {
  byIdHash.clear();
}
