import { definePolicy } from '../access/policy.js';

/** The site's settings (password policy, two-factor requirement, inactivity, force HTTPS, ...). */
export const settingsPolicy = definePolicy('tenancy.settings', {
  manage: { roles: ['admin'] },
});
