import { definePolicy } from '../access/policy.js';

/** Groups of users (departments, classes): managers read them to enrol their teams, administrators shape them. */
export const groupsPolicy = definePolicy('groups', {
  view: { roles: ['admin', 'manager'] },
  manage: { roles: ['admin'] },
});
