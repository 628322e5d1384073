import type { CatalogueEntry } from '../http/errors.js';

/** Codes of groups and departments. */
export const groupErrors = {
  GROUP_NOT_FOUND: {
    status: 404,
    en: 'There is no such group.',
    de: 'Diese Gruppe gibt es nicht.',
  },
} as const satisfies Record<string, CatalogueEntry>;
