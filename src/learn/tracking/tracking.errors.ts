import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of the player and the tracking commits. */
export const trackingErrors = {
  LEARN_ATTEMPT_NOT_FOUND: {
    status: 404,
    en: 'There is no such attempt.',
    de: 'Diesen Versuch gibt es nicht.',
  },
  LEARN_ATTEMPT_CLOSED: {
    status: 409,
    en: 'This attempt was closed (reset or replaced by a new attempt) and takes no more data. Reopen the course.',
    de: 'Dieser Versuch wurde geschlossen (zurückgesetzt oder durch einen neuen ersetzt) und nimmt keine Daten mehr an. Öffnen Sie den Kurs neu.',
  },
  LEARN_ATTEMPT_NOT_FINISHED: {
    status: 409,
    en: 'The current attempt is not finished yet; a new attempt can start once it is completed, passed or failed.',
    de: 'Der aktuelle Versuch ist noch nicht abgeschlossen; ein neuer Versuch kann beginnen, wenn er abgeschlossen, bestanden oder nicht bestanden ist.',
  },
  LEARN_PLAYER_NO_CONTENT: {
    status: 409,
    en: 'This course has no content to play yet.',
    de: 'Dieser Kurs hat noch keine Inhalte zum Abspielen.',
  },
  LEARN_VERSION_NOT_FOUND: {
    status: 404,
    en: 'There is no such content version.',
    de: 'Diese Inhaltsversion gibt es nicht.',
  },
  LEARN_COMMIT_UNKNOWN_SCO: {
    status: 400,
    en: 'The package has no SCO with this identifier.',
    de: 'Das Paket hat kein SCO mit dieser Kennung.',
  },
  LEARN_COMMIT_TOO_LARGE: {
    status: 400,
    en: 'The run-time data is larger than accepted.',
    de: 'Die Laufzeitdaten sind größer als erlaubt.',
  },
  LEARN_COMMIT_BEACON_ORIGIN: {
    status: 403,
    en: 'A beacon commit must come from this site.',
    de: 'Ein Beacon-Commit muss von dieser Site kommen.',
  },
} as const satisfies Record<string, CatalogueEntry>;
