import type { User } from './users.repository.js';

/**
 * How long a checked session is trusted without asking the database again. Ending a session
 * on this node takes effect at once (the repository forgets it); on other nodes within this time.
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

export function cachedSession(idHash: string, now: number): CachedSession | undefined {
  const entry = byIdHash.get(idHash);
  if (!entry) return undefined;
  if (now - entry.checkedAt > SESSION_CACHE_MS) {
    byIdHash.delete(idHash);
    return undefined;
  }
  return entry;
}

export function rememberSession(idHash: string, entry: CachedSession): void {
  if (byIdHash.size >= MAX_ENTRIES) byIdHash.clear();
  byIdHash.set(idHash, entry);
}

export function forgetSession(idHash: string): void {
  byIdHash.delete(idHash);
}

export function forgetSessionsOfUser(userId: string): void {
  for (const [idHash, entry] of byIdHash) if (entry.user.id === userId) byIdHash.delete(idHash);
}

export function forgetSessionsOfTenant(tenantId: string): void {
  for (const [idHash, entry] of byIdHash) if (entry.user.tenantId === tenantId) byIdHash.delete(idHash);
}

/** For tests that change sessions in the database behind the application's back. */
export function forgetAllSessions(): void {
  byIdHash.clear();
}
