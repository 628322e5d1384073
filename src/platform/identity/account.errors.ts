import type { CatalogueEntry } from '../http/errors.js';

/** Errors of the e-mailed links (reset, invitation, e-mail change) and of account changes. */
export const accountErrors = {
  // One answer for unknown, forged, expired and used links: which one it was is nobody's business.
  AUTH_TOKEN_EXPIRED_OR_USED: {
    status: 400,
    en: 'This link is invalid, has expired or has been used already. Please ask for a new one.',
    de: 'Dieser Link ist ungültig, abgelaufen oder wurde bereits verwendet. Bitte fordern Sie einen neuen an.',
  },
  AUTH_CURRENT_PASSWORD_WRONG: {
    status: 400,
    en: 'Your current password is wrong.',
    de: 'Ihr aktuelles Passwort ist falsch.',
  },
  USER_CANNOT_DEACTIVATE_SELF: {
    status: 403,
    en: 'You cannot deactivate your own account.',
    de: 'Sie können Ihr eigenes Konto nicht deaktivieren.',
  },
} as const satisfies Record<string, CatalogueEntry>;
