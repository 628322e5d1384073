import { definePolicy } from '../access/policy.js';

/** The users of a site: administrators manage them, managers read them (their teams), everyone reads themselves. */
export const usersPolicy = definePolicy('identity.users', {
  list: { roles: ['admin', 'manager'], token: 'users:read' },
  view: { roles: ['admin', 'manager'], token: 'users:read', own: (actor, user: { userId: string }) => actor.userId === user.userId },
  /** Invite, import, deactivate, reactivate, change roles. */
  manage: { roles: ['admin'] },
  /** See and end other users' sessions. */
  manageSessions: { roles: ['admin'] },
  /** See and revoke every API token of the site. */
  manageTokens: { roles: ['admin'] },
});
