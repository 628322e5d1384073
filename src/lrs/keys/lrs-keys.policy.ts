import { definePolicy } from '../../platform/access/policy.js';

/** The site's LRS keys: administrators make, list and revoke them. */
export const lrsKeysPolicy = definePolicy('lrs.keys', {
  manage: { roles: ['admin'] },
});
