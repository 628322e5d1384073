import { secretBox } from '../../platform/secrets/index.js';

const SEAL_CONTEXT = 'space-share-grant';
/** How long a visitor who gave a link's password or proved its address need not do it again. */
export const GRANT_MS = 12 * 60 * 60 * 1000;

/**
 * What a visitor proved to one link, kept in a sealed cookie scoped to the link's path: it cannot
 * be made, changed or carried to another link, and it ends after GRANT_MS however often it is used.
 */
export interface ShareGrant {
  linkId: string;
  until: number;
  /** The visitor gave the link's password. */
  password: boolean;
  /** The named recipient whose address the visitor proved by its code. */
  recipientId: string | null;
}

export function grantCookieValue(grant: ShareGrant): string {
  return secretBox().seal(JSON.stringify(grant), SEAL_CONTEXT);
}

/** The grant the cookie holds, if it is one of ours and still fresh. */
export function grantOf(cookie: string | undefined, now = Date.now()): ShareGrant | null {
  if (!cookie) return null;
  try {
    const grant = JSON.parse(secretBox().open(cookie, SEAL_CONTEXT)) as Partial<ShareGrant>;
    if (typeof grant.linkId !== 'string' || typeof grant.until !== 'number' || grant.until <= now) return null;
    return { linkId: grant.linkId, until: grant.until, password: grant.password === true, recipientId: typeof grant.recipientId === 'string' ? grant.recipientId : null };
  } catch {
    return null;
  }
}

/**
 * The visitor's grant for `linkId` with `proof` added. What they proved before to that link is
 * kept, but not for longer than it was given: no proof outlives GRANT_MS.
 */
export function widenGrant(current: ShareGrant | null, linkId: string, proof: { password?: true; recipientId?: string }, now = Date.now()): ShareGrant {
  const kept = current?.linkId === linkId && current.until > now ? current : null;
  return { linkId, until: Math.min(now + GRANT_MS, kept?.until ?? Infinity), password: proof.password ?? kept?.password ?? false, recipientId: proof.recipientId ?? kept?.recipientId ?? null };
}
