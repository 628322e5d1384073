import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of the administration of cmi5 registrations (waiving an AU, abandoning sessions). */
export const cmi5Errors = {
  LEARN_CMI5_NO_ATTEMPT: {
    status: 409,
    en: 'The learner has not started this course yet: there is no registration to change.',
    de: 'Die lernende Person hat diesen Kurs noch nicht begonnen: Es gibt keine Registrierung zu ändern.',
  },
  LEARN_CMI5_NOT_CMI5: {
    status: 409,
    en: 'This attempt is not of a cmi5 course.',
    de: 'Dieser Versuch gehört zu keinem cmi5-Kurs.',
  },
  LEARN_CMI5_UNKNOWN_AU: {
    status: 400,
    en: 'The course has no such AU.',
    de: 'Der Kurs hat keine solche AU.',
  },
  LEARN_CMI5_AU_SATISFIED: {
    status: 409,
    en: 'This AU is satisfied already; there is nothing to waive.',
    de: 'Diese AU ist bereits erfüllt; es gibt nichts zu erlassen.',
  },
} as const satisfies Record<string, CatalogueEntry>;
