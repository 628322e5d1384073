import { definePolicy } from '../../platform/access/policy.js';

/** Who learns what: managers and administrators enrol people; everyone studies their own courses. */
export const enrolmentsPolicy = definePolicy('learn.enrolments', {
  /** A course's enrolments (instructors see who takes their courses). */
  view: { roles: ['admin', 'manager', 'instructor'] },
  /** Enrol and unenrol people and groups, change due dates, reset progress. */
  manage: { roles: ['admin', 'manager'] },
  /** One's own enrolments ("My courses"), the catalogue, enrolling oneself where a course allows it. */
  study: { roles: 'signedIn' },
  /** Open an enrolment in the player: only the learner's own, whoever else they are. */
  launch: { roles: [], own: (actor, enrolment: { userId: string }) => actor.userId === enrolment.userId },
});
