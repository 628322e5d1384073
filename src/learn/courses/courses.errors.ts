import type { CatalogueEntry } from '../../platform/http/errors.js';

/** Codes of courses, content items and versions, package uploads and content serving. */
export const courseErrors = {
  LEARN_COURSE_NOT_FOUND: {
    status: 404,
    en: 'There is no such course.',
    de: 'Diesen Kurs gibt es nicht.',
  },
} as const satisfies Record<string, CatalogueEntry>;
