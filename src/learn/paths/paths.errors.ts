import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of learning paths. */
export const pathErrors = {
  LEARN_PATH_NOT_FOUND: {
    status: 404,
    en: 'There is no such learning path.',
    de: 'Diesen Lernpfad gibt es nicht.',
  },
  LEARN_PATH_UNKNOWN_COURSE: {
    status: 404,
    en: 'There is no such course.',
    de: 'Diesen Kurs gibt es nicht.',
  },
  LEARN_PATH_DUPLICATE_COURSE: {
    status: 422,
    en: 'A course can be in a learning path only once.',
    de: 'Ein Kurs kann nur einmal in einem Lernpfad vorkommen.',
  },
  LEARN_PATH_PREREQUISITE_NOT_IN_PATH: {
    status: 422,
    en: 'A prerequisite must be another course of the same learning path.',
    de: 'Eine Voraussetzung muss ein anderer Kurs desselben Lernpfads sein.',
  },
  LEARN_PATH_PREREQUISITE_CYCLE: {
    status: 422,
    en: 'These prerequisites wait for each other in a circle, so none of these courses could ever open. Remove one of them.',
    de: 'Diese Voraussetzungen warten im Kreis aufeinander, sodass keiner dieser Kurse je freigegeben würde. Entfernen Sie eine davon.',
  },
  LEARN_PATH_ENROLMENT_NOT_FOUND: {
    status: 404,
    en: 'This user is not in the learning path.',
    de: 'Dieser Benutzer ist nicht in dem Lernpfad.',
  },
  LEARN_PATH_ENROLMENT_FROM_GROUP: {
    status: 409,
    en: 'This user is in the learning path through a group. Remove the user from the group or the group from the learning path.',
    de: 'Dieser Benutzer ist über eine Gruppe im Lernpfad. Entfernen Sie ihn aus der Gruppe oder die Gruppe aus dem Lernpfad.',
  },
  LEARN_PATH_GROUP_NOT_FOUND: {
    status: 404,
    en: 'This group is not enrolled in the learning path.',
    de: 'Diese Gruppe ist nicht in den Lernpfad eingeschrieben.',
  },
} as const satisfies Record<string, CatalogueEntry>;
