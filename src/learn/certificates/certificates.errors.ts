import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of certificates: issuing, downloading, verifying, revoking. */
export const certificateErrors = {
  LEARN_CERTIFICATE_NOT_FOUND: {
    status: 404,
    en: 'There is no such certificate.',
    de: 'Dieses Zertifikat gibt es nicht.',
  },
  LEARN_CERTIFICATE_NOT_COMPLETED: {
    status: 409,
    en: 'A certificate is issued only for a completed course. Finish the course first.',
    de: 'Ein Zertifikat gibt es erst für einen abgeschlossenen Kurs. Schließen Sie den Kurs zuerst ab.',
  },
  LEARN_CERTIFICATE_NOT_OFFERED: {
    status: 409,
    en: 'This course does not award a certificate.',
    de: 'Für diesen Kurs gibt es kein Zertifikat.',
  },
  LEARN_CERTIFICATE_REVOKED: {
    status: 410,
    en: 'This certificate has been revoked.',
    de: 'Dieses Zertifikat wurde widerrufen.',
  },
  LEARN_CERTIFICATE_NOT_VALID: {
    status: 404,
    en: 'No valid certificate has this code. Check the code; a certificate that has been revoked is not valid either.',
    de: 'Zu diesem Code gibt es kein gültiges Zertifikat. Prüfen Sie den Code; auch ein widerrufenes Zertifikat ist nicht gültig.',
  },
} as const satisfies Record<string, CatalogueEntry>;
