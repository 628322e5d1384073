import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of launch credentials and the content origin. */
export const launchErrors = {
  LEARN_LAUNCH_INVALID: {
    status: 401,
    en: 'This course window is not valid. Open the course again from Lectern.',
    de: 'Dieses Kursfenster ist ungültig. Öffnen Sie den Kurs erneut aus Lectern.',
  },
  LEARN_LAUNCH_ENDED: {
    status: 401,
    en: 'This course window has ended (signed out, inactive for too long, or the attempt was closed). Open the course again from Lectern.',
    de: 'Dieses Kursfenster ist beendet (abgemeldet, zu lange inaktiv oder der Versuch wurde geschlossen). Öffnen Sie den Kurs erneut aus Lectern.',
  },
  LEARN_LAUNCH_PREVIEW: {
    status: 403,
    en: 'A preview records nothing.',
    de: 'Eine Vorschau speichert nichts.',
  },
  LEARN_CONTENT_SERVICE_WORKER: {
    status: 403,
    en: 'Course content may not install service workers.',
    de: 'Kursinhalte dürfen keine Service Worker installieren.',
  },
  LEARN_COURSE_NOT_AVAILABLE: {
    status: 409,
    en: 'This course is not available to learners (it is a draft or archived).',
    de: 'Dieser Kurs ist für Lernende nicht verfügbar (Entwurf oder archiviert).',
  },
} as const satisfies Record<string, CatalogueEntry>;
