import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'lectern_session';

/** A new opaque session id: 256 random bits, URL-safe. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored, so a copy of the database does not hand out live sessions. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
