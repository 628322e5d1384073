import { definePolicy } from '../../platform/access/policy.js';

/** Courses and their packages: instructors and administrators build them, managers see them to enrol their people. */
export const coursesPolicy = definePolicy('learn.courses', {
  view: { roles: ['admin', 'manager', 'instructor'] },
  /** Create, edit, publish or archive a course, set its cover. */
  manage: { roles: ['admin', 'instructor'] },
  /**
   * Preview a version in the player. Its content credential ends with the session that opened it,
   * which a staff session under a grant is not (the credential would outlast the grant): never staff.
   */
  preview: { roles: ['admin', 'instructor'], staff: 'no-lasting-access' },
  /** Upload a package as a new version (also authoring tools with a `content:publish` token). */
  publish: { roles: ['admin', 'instructor'], token: 'content:publish' },
  /** Course covers appear wherever a course is listed, the catalogue included. */
  viewCover: { roles: 'signedIn' },
});
