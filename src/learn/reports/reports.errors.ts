import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of reports and exports. */
export const reportErrors = {
  LEARN_REPORT_TOO_LARGE: {
    status: 413,
    en: 'The report has too many rows to export at once; narrow the filters.',
    de: 'Der Bericht hat zu viele Zeilen für einen Export; schränken Sie die Filter ein.',
  },
} as const satisfies Record<string, CatalogueEntry>;
