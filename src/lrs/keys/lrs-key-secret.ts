import { createHash, randomBytes } from 'node:crypto';

/** `lrs_` and 20 hex digits: the Basic user name, unique across sites and easy for secret scanners to spot. */
const KEY_PATTERN = /^lrs_[0-9a-f]{20}$/;

/** A new key and its secret (256 random bits, base64url); the secret is shown once and only its digest is kept. */
export function newLrsKey(): { key: string; secret: string } {
  return { key: `lrs_${randomBytes(10).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
}

/** Whether a user name has the shape of a key; anything else is refused without a database query. */
export const looksLikeLrsKey = (candidate: string): boolean => KEY_PATTERN.test(candidate);

export function hashLrsSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
