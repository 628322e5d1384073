import { createHash, randomBytes } from 'node:crypto';

/**
 * `lct_<prefix>_<secret>`: a fixed marker (so leaked tokens are easy to spot by secret
 * scanners), 8 hex characters shown in lists, and 256 random bits, base64url.
 */
const TOKEN_PATTERN = /^lct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): { token: string; prefix: string } {
  const prefix = `lct_${randomBytes(4).toString('hex')}`;
  return { token: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** Whether a string has the shape of a token; anything else is refused without a database query. */
export function looksLikeApiToken(candidate: string): boolean {
  return TOKEN_PATTERN.test(candidate);
}

/** Only this digest of the whole token is stored; lookup by digest also avoids comparing secrets byte by byte. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
