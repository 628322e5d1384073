import { definePolicy } from '../access/policy.js';

/** One's own account: every signed-in user has one; apps with a token of any scope may read who they act for. */
export const accountPolicy = definePolicy('identity.account', {
  /** Who one is and what one may do (`/api/me`, `/api/me/permissions`). */
  read: { roles: 'signedIn', token: 'any' },
  /** One's session, password, e-mail address, two-factor sign-in, API tokens and other sessions: only in person, never by token. */
  manage: { roles: 'signedIn' },
});
