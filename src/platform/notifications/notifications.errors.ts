import type { CatalogueEntry } from '../http/errors.js';

/** Codes of the in-app notifications. */
export const notificationErrors = {
  NOTIFICATION_NOT_FOUND: {
    status: 404,
    en: 'There is no such notification.',
    de: 'Diese Benachrichtigung gibt es nicht.',
  },
} as const satisfies Record<string, CatalogueEntry>;
