import { createHash, randomBytes } from 'node:crypto';

export type UserTokenPurpose = 'password_reset' | 'invitation' | 'email_change';

/** How long each kind of link works. */
export const USER_TOKEN_VALID_MS: Record<UserTokenPurpose, number> = {
  password_reset: 30 * 60_000,
  invitation: 7 * 24 * 60 * 60_000,
  email_change: 24 * 60 * 60_000,
};

/** A new single-use token for an e-mailed link: 256 random bits, URL-safe; only its digest is stored. */
export function newUserToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashUserToken(token) };
}

/** SHA-256: a copy of the database does not hand out working links. */
export function hashUserToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
