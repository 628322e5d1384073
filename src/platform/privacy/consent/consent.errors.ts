import type { CatalogueEntry } from '../../http/errors.js';

/** Errors of the consent to update e-mails, its links, and the mailings an admin sends. */
export const consentErrors = {
  MAIL_CONSENT_TEXT_OUTDATED: {
    status: 409,
    en: 'The consent text has changed since the page was loaded. Please read the current text and tick the box again.',
    de: 'Der Einwilligungstext hat sich geändert, seit die Seite geladen wurde. Bitte lesen Sie den aktuellen Text und setzen Sie den Haken erneut.',
  },
  MAIL_CONSENT_ALREADY_CONFIRMED: {
    status: 409,
    en: 'You already receive update e-mails.',
    de: 'Sie erhalten bereits Update-E-Mails.',
  },
  // One answer for unknown, forged, expired and used confirmation links.
  MAIL_CONSENT_LINK_INVALID: {
    status: 400,
    en: 'This confirmation link is invalid, has expired (links work for 7 days) or has been used already. Tick the box in your account settings again to get a new one.',
    de: 'Dieser Bestätigungslink ist ungültig, abgelaufen (Links gelten 7 Tage) oder wurde bereits verwendet. Setzen Sie den Haken in Ihren Kontoeinstellungen erneut, um einen neuen zu erhalten.',
  },
  UNSUBSCRIBE_LINK_INVALID: {
    status: 400,
    en: 'This unsubscribe link is not valid for this site: it is incomplete or was altered. Use the link from the e-mail exactly as it is, or withdraw your consent in your account settings.',
    de: 'Dieser Abmeldelink gilt nicht für diese Website: Er ist unvollständig oder wurde verändert. Verwenden Sie den Link aus der E-Mail unverändert, oder widerrufen Sie Ihre Einwilligung in Ihren Kontoeinstellungen.',
  },
  UNSUBSCRIBE_ONE_CLICK_REQUIRED: {
    status: 400,
    en: 'An unsubscribe request must say List-Unsubscribe=One-Click.',
    de: 'Eine Abmeldung muss List-Unsubscribe=One-Click angeben.',
  },
  UPDATE_MAIL_NO_MAIL_SERVER: {
    status: 409,
    en: 'This site sends no e-mail yet (no mail server is set up), so update e-mails can be neither confirmed nor sent.',
    de: 'Diese Website versendet noch keine E-Mails (es ist kein Mailserver eingerichtet), daher lassen sich Update-E-Mails weder bestätigen noch senden.',
  },
  UPDATE_MAIL_NO_RECIPIENTS: {
    status: 409,
    en: 'Nobody has confirmed their consent to update e-mails yet, so there is nobody to send this to.',
    de: 'Noch niemand hat die Einwilligung in Update-E-Mails bestätigt, daher gibt es niemanden, an den diese E-Mail gehen könnte.',
  },
} as const satisfies Record<string, CatalogueEntry>;
