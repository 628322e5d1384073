import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of course categories. */
export const categoryErrors = {
  LEARN_CATEGORY_NOT_FOUND: {
    status: 404,
    en: 'There is no such category.',
    de: 'Diese Kategorie gibt es nicht.',
  },
  LEARN_CATEGORY_NAME_TAKEN: {
    status: 409,
    en: 'There is already a category of this name.',
    de: 'Es gibt schon eine Kategorie mit diesem Namen.',
  },
} as const satisfies Record<string, CatalogueEntry>;
