import { definePolicy } from '../access/policy.js';

/** People's data: the site's administrators export and erase it, and answer erasure requests; never the operator's staff. */
export const privacyPolicy = definePolicy('privacy.requests', {
  manage: { roles: ['admin'], staff: false },
});
