import { definePolicy } from '../../platform/access/policy.js';

/** Course categories: those who build courses keep them; everyone on the site sees their names (the catalogue filters by them). */
export const categoriesPolicy = definePolicy('learn.categories', {
  view: { roles: 'signedIn' },
  /** Add, rename and delete categories. */
  manage: { roles: ['admin', 'instructor'] },
});
