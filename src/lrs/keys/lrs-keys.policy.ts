import { definePolicy } from '../../platform/access/policy.js';

/** The site's LRS keys: administrators list and revoke them, and make them (in person: a key would outlast a staff member's grant). */
export const lrsKeysPolicy = definePolicy('lrs.keys', {
  manage: { roles: ['admin'] },
  create: { roles: ['admin'], staff: 'no-lasting-access' },
});
