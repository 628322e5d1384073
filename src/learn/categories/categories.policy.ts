import { definePolicy } from '../../platform/access/policy.js';

/**
 * Course categories: those who build courses keep them; those who see courses see them all, with
 * counts that include unpublished courses. Learners see the categories of the open courses in the
 * catalogue's answer, and nothing of the others.
 */
export const categoriesPolicy = definePolicy('learn.categories', {
  view: { roles: ['admin', 'manager', 'instructor'] },
  /** Add, rename and delete categories. */
  manage: { roles: ['admin', 'instructor'] },
});
