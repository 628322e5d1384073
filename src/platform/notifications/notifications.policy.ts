import { definePolicy } from '../access/policy.js';

/** One's own in-app notices: every signed-in user has an inbox; nobody reads another's, not even an administrator. */
export const notificationsPolicy = definePolicy('notifications', {
  own: { roles: 'signedIn' },
});
