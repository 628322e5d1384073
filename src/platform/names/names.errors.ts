import type { CatalogueEntry } from '../http/errors.js';

export const nameErrors = {
  NAME_INVALID: {
    status: 400,
    en: 'A name is empty or contains characters that are not allowed; see the field.',
    de: 'Ein Name ist leer oder enthält nicht erlaubte Zeichen; siehe das Feld.',
  },
} as const satisfies Record<string, CatalogueEntry>;
