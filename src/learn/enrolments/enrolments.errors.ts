import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of enrolments (users, groups, self-enrolment) and the learner dashboard. */
export const enrolmentErrors = {
  LEARN_ENROLMENT_NOT_FOUND: {
    status: 404,
    en: 'There is no such enrolment.',
    de: 'Diese Einschreibung gibt es nicht.',
  },
  LEARN_ENROLMENT_UNKNOWN_USER: {
    status: 404,
    en: 'Some of the users do not exist.',
    de: 'Einige der Benutzer gibt es nicht.',
  },
  LEARN_ENROLMENT_UNKNOWN_GROUP: {
    status: 404,
    en: 'There is no such group.',
    de: 'Diese Gruppe gibt es nicht.',
  },
  LEARN_ENROLMENT_COURSE_NOT_PUBLISHED: {
    status: 409,
    en: 'Only published courses can be enrolled in.',
    de: 'Einschreiben ist nur in veröffentlichte Kurse möglich.',
  },
  LEARN_ENROLMENT_FROM_GROUP: {
    status: 409,
    en: 'This enrolment comes from a group. Remove the user from the group or remove the group enrolment.',
    de: 'Diese Einschreibung stammt aus einer Gruppe. Entfernen Sie den Benutzer aus der Gruppe oder die Gruppeneinschreibung.',
  },
  LEARN_ENROLMENT_FROM_PATH: {
    status: 409,
    en: 'This enrolment comes from a learning path. Remove the user from the learning path instead.',
    de: 'Diese Einschreibung stammt aus einem Lernpfad. Entfernen Sie den Benutzer stattdessen aus dem Lernpfad.',
  },
  LEARN_GROUP_ENROLMENT_NOT_FOUND: {
    status: 404,
    en: 'There is no such group enrolment.',
    de: 'Diese Gruppeneinschreibung gibt es nicht.',
  },
  LEARN_SELF_ENROLMENT_NOT_ALLOWED: {
    status: 403,
    en: 'This course does not allow enrolling yourself.',
    de: 'In diesen Kurs können Sie sich nicht selbst einschreiben.',
  },
} as const satisfies Record<string, CatalogueEntry>;
