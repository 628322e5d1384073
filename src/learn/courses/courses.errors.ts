import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of courses, content items and versions, package uploads and content serving. */
export const courseErrors = {
  LEARN_COURSE_NOT_FOUND: {
    status: 404,
    en: 'There is no such course.',
    de: 'Diesen Kurs gibt es nicht.',
  },
  LEARN_COURSE_DELETE_PUBLISHED: {
    status: 409,
    en: 'A published course cannot be deleted. Archive it first; then it can be deleted.',
    de: 'Ein veröffentlichter Kurs kann nicht gelöscht werden. Archivieren Sie ihn zuerst; dann kann er gelöscht werden.',
  },
  LEARN_COURSE_NO_CONTENT: {
    status: 409,
    en: 'The course has no content yet; upload a package before publishing it.',
    de: 'Der Kurs hat noch keine Inhalte; laden Sie ein Paket hoch, bevor Sie ihn veröffentlichen.',
  },
  LEARN_PACKAGE_CONTENT_TYPE: {
    status: 415,
    en: 'Send the package as a zip file (Content-Type: application/zip).',
    de: 'Senden Sie das Paket als Zip-Datei (Content-Type: application/zip).',
  },
  LEARN_PACKAGE_TOO_LARGE: {
    status: 413,
    en: 'The package is larger than this site accepts.',
    de: 'Das Paket ist größer, als diese Site annimmt.',
  },
  LEARN_PACKAGE_EMPTY: {
    status: 400,
    en: 'The upload is empty.',
    de: 'Der Upload ist leer.',
  },
  LEARN_PACKAGE_INCOMPLETE: {
    status: 400,
    en: 'The upload ended before all of the package arrived. Please try again.',
    de: 'Der Upload endete, bevor das ganze Paket angekommen war. Bitte versuchen Sie es noch einmal.',
  },
  LEARN_UPLOAD_NOT_FOUND: {
    status: 404,
    en: 'There is no such upload (it may have expired).',
    de: 'Diesen Upload gibt es nicht (vielleicht ist er abgelaufen).',
  },
  LEARN_UPLOAD_RANGE_INVALID: {
    status: 400,
    en: 'The chunk needs a Content-Range header "bytes first-last/total" that matches the upload and the chunk.',
    de: 'Der Teil braucht einen Content-Range-Header „bytes erstes-letztes/gesamt“, der zum Upload und zum Teil passt.',
  },
  LEARN_UPLOAD_GAP: {
    status: 409,
    en: 'The chunk starts after the bytes received so far; send the missing bytes first.',
    de: 'Der Teil beginnt hinter den bisher empfangenen Bytes; senden Sie zuerst die fehlenden Bytes.',
  },
  LEARN_UPLOAD_NOT_COMPLETE: {
    status: 409,
    en: 'Not all bytes of the upload have arrived yet.',
    de: 'Noch sind nicht alle Bytes des Uploads angekommen.',
  },
  LEARN_UPLOAD_CLOSED: {
    status: 409,
    en: 'This upload is finished and takes no more data.',
    de: 'Dieser Upload ist abgeschlossen und nimmt keine Daten mehr an.',
  },
  LEARN_CONTENT_NOT_FOUND: {
    status: 404,
    en: 'This file is not part of the course.',
    de: 'Diese Datei gehört nicht zum Kurs.',
  },
  LEARN_CONTENT_RANGE_NOT_SATISFIABLE: {
    status: 416,
    en: 'The requested range lies beyond the end of the file.',
    de: 'Der angefragte Bereich liegt hinter dem Ende der Datei.',
  },
  LEARN_CONTENT_BAD_PATH: {
    status: 400,
    en: 'This file address is not allowed.',
    de: 'Diese Dateiadresse ist nicht zulässig.',
  },
  LEARN_COVER_INVALID: {
    status: 400,
    en: 'The cover image must be a PNG, JPEG or WebP file.',
    de: 'Das Titelbild muss eine PNG-, JPEG- oder WebP-Datei sein.',
  },
  LEARN_COVER_TOO_LARGE: {
    status: 413,
    en: 'The cover image is too large (at most 5 MB).',
    de: 'Das Titelbild ist zu groß (höchstens 5 MB).',
  },
  LEARN_COVER_NOT_FOUND: {
    status: 404,
    en: 'The course has no cover image.',
    de: 'Der Kurs hat kein Titelbild.',
  },
} as const satisfies Record<string, CatalogueEntry>;
