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
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    en: 'Please choose a new password first: the one you signed in with was set for you and is valid only once.',
    de: 'Bitte wählen Sie zuerst ein neues Passwort: Das Passwort, mit dem Sie sich angemeldet haben, wurde für Sie festgelegt und gilt nur einmal.',
  },
  USER_PASSWORD_UNCHANGED: {
    status: 400,
    en: 'The new password must differ from the current one.',
    de: 'Das neue Passwort muss sich vom aktuellen unterscheiden.',
  },
  USER_CANNOT_DELETE_SELF: {
    status: 403,
    en: 'You cannot delete your own account.',
    de: 'Sie können Ihr eigenes Konto nicht löschen.',
  },
  USER_LAST_ADMIN: {
    status: 409,
    en: "This is the site's last active administrator: make someone else an administrator first.",
    de: 'Dies ist die letzte aktive Administratorin bzw. der letzte aktive Administrator der Website: Ernennen Sie zuerst eine weitere Person zur Administration.',
  },
  USER_ERASED: {
    status: 409,
    en: 'This person was erased: the account only keeps their records counting and cannot be changed, reactivated or given roles.',
    de: 'Diese Person wurde gelöscht: Das Konto hält nur ihre Aufzeichnungen in den Zahlen und kann weder geändert noch reaktiviert noch mit Rollen versehen werden.',
  },
  USER_CANNOT_DEACTIVATE_SELF: {
    status: 403,
    en: 'You cannot deactivate your own account.',
    de: 'Sie können Ihr eigenes Konto nicht deaktivieren.',
  },
} as const satisfies Record<string, CatalogueEntry>;
