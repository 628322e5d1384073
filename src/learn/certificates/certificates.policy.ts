import { definePolicy } from '../../platform/access/policy.js';

/**
 * Certificates: learners get and download their own; those who see a course see whom it
 * certified; only administrators revoke. A course's certificate template is part of editing the
 * course (coursesPolicy `manage`).
 */
export const certificatesPolicy = definePolicy('learn.certificates', {
  /** The certificates issued for a course. */
  view: { roles: ['admin', 'manager', 'instructor'] },
  /** Revoke a certificate (it is then not valid on the verification page). */
  revoke: { roles: ['admin'] },
  /** One's own certificates: list, download, ask for one for a completed enrolment. */
  own: { roles: [], own: (actor, certificate: { userId: string }) => actor.userId === certificate.userId },
});
