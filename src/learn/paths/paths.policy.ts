import { definePolicy } from '../../platform/access/policy.js';

/**
 * Learning paths: those who build courses build paths; those who enrol people in courses enrol
 * them in paths; everyone follows their own.
 */
export const pathsPolicy = definePolicy('learn.paths', {
  /** The site's paths, their courses, groups and learners with their progress. */
  view: { roles: ['admin', 'manager', 'instructor'] },
  /** Create, change and delete paths. */
  manage: { roles: ['admin', 'instructor'] },
  /** Enrol users and groups in a path and remove them. */
  enrol: { roles: ['admin', 'manager'] },
  /** One's own paths with their progress ("My courses"). */
  study: { roles: 'signedIn' },
});
