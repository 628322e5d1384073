import type { CatalogueEntry } from '../../http/errors.js';

export const mfaErrors = {
  MFA_CODE_REQUIRED: {
    status: 400,
    en: 'Your account has two-factor sign-in: please also enter a code from your authenticator app (or a recovery code).',
    de: 'Ihr Konto hat die Zwei-Faktor-Anmeldung: Bitte geben Sie auch einen Code aus Ihrer Authenticator-App (oder einen Wiederherstellungscode) ein.',
  },
  MFA_CODE_INVALID: {
    status: 403,
    en: 'The code is wrong, expired or has been used already.',
    de: 'Der Code ist falsch, abgelaufen oder wurde bereits verwendet.',
  },
  MFA_PASSWORD_INCORRECT: {
    status: 403,
    en: 'The current password is wrong.',
    de: 'Das aktuelle Passwort ist falsch.',
  },
  MFA_ALREADY_ENABLED: {
    status: 409,
    en: 'Two-factor sign-in is on already. Turn it off first to set up another app.',
    de: 'Die Zwei-Faktor-Anmeldung ist bereits aktiv. Schalten Sie sie zuerst aus, um eine andere App einzurichten.',
  },
  MFA_NOT_ENABLED: {
    status: 409,
    en: 'Two-factor sign-in is not on.',
    de: 'Die Zwei-Faktor-Anmeldung ist nicht aktiv.',
  },
  MFA_SETUP_NOT_STARTED: {
    status: 409,
    en: 'There is no authenticator app waiting for confirmation. Start the setup first.',
    de: 'Es wartet keine Authenticator-App auf Bestätigung. Beginnen Sie zuerst mit der Einrichtung.',
  },
} as const satisfies Record<string, CatalogueEntry>;
