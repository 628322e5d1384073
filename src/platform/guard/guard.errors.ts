import type { CatalogueEntry } from '../http/errors.js';

export const guardErrors = {
  AUTH_TOO_MANY_ATTEMPTS: {
    status: 429,
    en: 'Too many failed attempts. Please try again later.',
    de: 'Zu viele fehlgeschlagene Versuche. Bitte versuchen Sie es später noch einmal.',
  },
  HTTP_RATE_LIMITED: {
    status: 429,
    en: 'Too many requests. Please wait a moment and try again.',
    de: 'Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  },
  GUARD_BAN_NOT_FOUND: {
    status: 404,
    en: 'There is no active block with this id.',
    de: 'Es gibt keine aktive Sperre mit dieser Kennung.',
  },
} as const satisfies Record<string, CatalogueEntry>;
