import { definePolicy } from '../policy.js';

/** The operator staff's access to a site: its administrators see grants and the transparency log, and decide grants, in person (no API token). */
export const staffAccessPolicy = definePolicy('access.staff', {
  manage: { roles: ['admin'], staff: false },
});
