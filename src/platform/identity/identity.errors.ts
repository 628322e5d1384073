import type { CatalogueEntry } from '../http/errors.js';

export const identityErrors = {
  AUTH_MFA_REQUIRED: {
    status: 401,
    en: 'Enter the code from your authenticator app (or a recovery code).',
    de: 'Geben Sie den Code aus Ihrer Authenticator-App (oder einen Wiederherstellungscode) ein.',
  },
  AUTH_MFA_ENROLMENT_REQUIRED: {
    status: 403,
    en: 'This site requires two-factor sign-in for your role: set it up first.',
    de: 'Diese Site verlangt für Ihre Rolle die Zwei-Faktor-Anmeldung: Richten Sie sie zuerst ein.',
  },
  SESSION_NOT_FOUND: {
    status: 404,
    en: 'There is no such session (it may have ended already).',
    de: 'Diese Sitzung gibt es nicht (sie ist vielleicht schon beendet).',
  },
  USER_CANNOT_CHANGE_SELF: {
    status: 409,
    en: 'You cannot do this to your own account.',
    de: 'Das können Sie mit Ihrem eigenen Konto nicht tun.',
  },
  USER_IMPORT_INVALID: {
    status: 400,
    en: 'The file has errors; nothing was imported. Each error is listed with its row.',
    de: 'Die Datei enthält Fehler; nichts wurde importiert. Jeder Fehler ist mit seiner Zeile aufgeführt.',
  },
  REGISTRATION_CLOSED: {
    status: 403,
    en: 'This site does not let you create an account yourself. Ask its administrator for an invitation.',
    de: 'Auf dieser Website können Sie kein Konto selbst anlegen. Bitten Sie die Administration um eine Einladung.',
  },
  REGISTRATION_DOMAIN_NOT_ALLOWED: {
    status: 403,
    en: 'Accounts on this site can only be created with an e-mail address of the organisation’s own domains.',
    de: 'Konten auf dieser Website können nur mit einer E-Mail-Adresse der eigenen Domains der Organisation angelegt werden.',
  },
  USER_EMAIL_TAKEN: {
    status: 409,
    en: 'A user with this e-mail address exists already.',
    de: 'Ein Benutzer mit dieser E-Mail-Adresse existiert bereits.',
  },
  USER_PASSWORD_POLICY: {
    status: 400,
    en: 'The password does not meet the password policy.',
    de: 'Das Passwort erfüllt die Passwortrichtlinie nicht.',
  },
  USER_HAS_PASSWORD: {
    status: 409,
    en: 'This user has chosen a password already: send them a password reset instead of an invitation.',
    de: 'Dieser Benutzer hat bereits ein Passwort gewählt: Senden Sie ihm statt einer Einladung eine Passwort-Zurücksetzung.',
  },
  USER_HAS_NO_PASSWORD: {
    status: 409,
    en: 'This user has not accepted their invitation yet: resend the invitation instead.',
    de: 'Dieser Benutzer hat seine Einladung noch nicht angenommen: Senden Sie die Einladung stattdessen erneut.',
  },
  USER_DEACTIVATED: {
    status: 409,
    en: 'This user is deactivated: reactivate them first.',
    de: 'Dieser Benutzer ist deaktiviert: Reaktivieren Sie ihn zuerst.',
  },
  USER_NOT_FOUND: { status: 404, en: 'There is no such user.', de: 'Diesen Benutzer gibt es nicht.' },
  AUTH_REQUIRED: { status: 401, en: 'Please sign in.', de: 'Bitte melden Sie sich an.' },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    en: 'Your session has ended. Please sign in again.',
    de: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    en: 'The e-mail address or password is wrong.',
    de: 'E-Mail-Adresse oder Passwort sind falsch.',
  },
  AUTH_FORBIDDEN: {
    status: 403,
    en: 'You are not allowed to do this.',
    de: 'Dazu sind Sie nicht berechtigt.',
  },
} as const satisfies Record<string, CatalogueEntry>;
