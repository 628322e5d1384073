import { definePolicy } from '../access/policy.js';

/** The site's intrusion prevention: who is blocked, and lifting a block. */
export const securityPolicy = definePolicy('guard.security', {
  manage: { roles: ['admin'] },
});
