import type { CatalogueEntry } from '../../platform/http/errors.js';

/** Codes of enrolments (users, groups, self-enrolment) and the learner dashboard. */
export const enrolmentErrors = {
  LEARN_ENROLMENT_NOT_FOUND: {
    status: 404,
    en: 'There is no such enrolment.',
    de: 'Diese Einschreibung gibt es nicht.',
  },
} as const satisfies Record<string, CatalogueEntry>;
