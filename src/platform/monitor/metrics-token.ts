import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `authorization` is `Bearer <token>` with the configured token. Both sides are hashed
 * first, so the comparison takes the same time whatever the length or the first wrong byte.
 */
export function metricsTokenMatcher(token: string | undefined): (authorization: string | undefined) => boolean {
  if (!token) return () => false;
  const expected = digest(token);
  return (authorization) => {
    const match = authorization === undefined ? null : /^Bearer +(\S+)\s*$/i.exec(authorization);
    return match !== null && timingSafeEqual(digest(match[1]!), expected);
  };
}
