import { definePolicy } from '../access/policy.js';

/** The users of a site: administrators manage them, managers read them (their teams), everyone reads themselves. */
export const usersPolicy = definePolicy('identity.users', {
  list: { roles: ['admin', 'manager'], token: 'users:read' },
  view: { roles: ['admin', 'manager'], token: 'users:read', own: (actor, user: { userId: string }) => actor.userId === user.userId },
  /** Edit, deactivate, reactivate, delete, change roles, export. */
  manage: { roles: ['admin'] },
  /** Create users (one by one or by import) and send invitation links: never staff under a grant, whose account would outlast it. */
  invite: { roles: ['admin'], staff: 'no-lasting-access' },
  /** Send users password reset links: never staff under a grant (the link signs in as someone). */
  sendPasswordResets: { roles: ['admin'], staff: 'no-lasting-access' },
  /** See and end other users' sessions. */
  manageSessions: { roles: ['admin'] },
  /** See and revoke every API token of the site. */
  manageTokens: { roles: ['admin'] },
});
