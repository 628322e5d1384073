import { definePolicy } from '../../platform/access/policy.js';

/** Courses and their packages: instructors and administrators build them, managers see them to enrol their people. */
export const coursesPolicy = definePolicy('learn.courses', {
  view: { roles: ['admin', 'manager', 'instructor'] },
  /** Create, edit, publish or archive a course, set its cover, preview a version. */
  manage: { roles: ['admin', 'instructor'] },
  /** Upload a package as a new version (also authoring tools with a `content:publish` token). */
  publish: { roles: ['admin', 'instructor'], token: 'content:publish' },
  /** Course covers appear wherever a course is listed, the catalogue included. */
  viewCover: { roles: 'signedIn' },
});
