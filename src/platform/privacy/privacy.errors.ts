import type { CatalogueEntry } from '../http/errors.js';

/** Errors of data exports and erasures. */
export const privacyErrors = {
  PRIVACY_USER_NOT_FOUND: {
    status: 404,
    en: 'There is no such user on this site.',
    de: 'Auf dieser Website gibt es keine solche Person.',
  },
  PRIVACY_ALREADY_ERASED: {
    status: 409,
    en: 'This person’s data has been erased already.',
    de: 'Die Daten dieser Person wurden bereits gelöscht.',
  },
  PRIVACY_CONFIRMATION_MISMATCH: {
    status: 400,
    en: 'To confirm, type the person’s e-mail address exactly.',
    de: 'Geben Sie zur Bestätigung die E-Mail-Adresse der Person genau ein.',
  },
  PRIVACY_REQUEST_NOT_FOUND: {
    status: 404,
    en: 'There is no such open request.',
    de: 'Es gibt keinen solchen offenen Antrag.',
  },
} as const satisfies Record<string, CatalogueEntry>;
