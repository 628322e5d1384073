import type { CatalogueEntry } from '../http/errors.js';

/** Codes of the blob store (files of every area). */
export const storageErrors = {
  STORAGE_TOO_LARGE: {
    status: 413,
    en: 'The file is larger than allowed here.',
    de: 'Die Datei ist größer als hier erlaubt.',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    en: 'The file could not be stored safely right now. Please try again shortly.',
    de: 'Die Datei konnte gerade nicht sicher gespeichert werden. Bitte versuchen Sie es gleich noch einmal.',
  },
  STORAGE_BLOB_NOT_FOUND: {
    status: 404,
    en: 'There is no such file.',
    de: 'Diese Datei gibt es nicht.',
  },
  STORAGE_RANGE_NOT_SATISFIABLE: {
    status: 416,
    en: 'The requested part of the file lies outside it.',
    de: 'Der angeforderte Teil der Datei liegt außerhalb von ihr.',
  },
  STORAGE_READ_FAILED: {
    status: 503,
    en: 'The file could not be read from any storage location right now.',
    de: 'Die Datei konnte gerade von keinem Speicherort gelesen werden.',
  },
} as const satisfies Record<string, CatalogueEntry>;
