import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of the admin console's and the command line's LRS keys (the xAPI resources answer in their own shape, xapi-error.ts). */
export const lrsKeyErrors = {
  LRS_KEY_NOT_FOUND: {
    status: 404,
    en: 'There is no such LRS key.',
    de: 'Diesen LRS-Schlüssel gibt es nicht.',
  },
} as const satisfies Record<string, CatalogueEntry>;
