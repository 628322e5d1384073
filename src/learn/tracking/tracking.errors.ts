import type { CatalogueEntry } from '../../platform/http/errors.js';

/** Codes of the player and the tracking commits. */
export const trackingErrors = {
  LEARN_ATTEMPT_NOT_FOUND: {
    status: 404,
    en: 'There is no such attempt.',
    de: 'Diesen Versuch gibt es nicht.',
  },
} as const satisfies Record<string, CatalogueEntry>;
