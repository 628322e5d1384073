import type { CatalogueEntry } from '../../platform/http/index.js';

/** Codes of recording progress, whichever format reported it. */
export const progressErrors = {
  LEARN_PROGRESS_UNKNOWN_ACTIVITY: {
    status: 400,
    en: "The activity is not part of the attempt's content.",
    de: 'Die Aktivität gehört nicht zum Inhalt dieses Versuchs.',
  },
  LEARN_PROGRESS_INVALID: {
    status: 400,
    en: 'The progress report is not valid.',
    de: 'Die Fortschrittsmeldung ist ungültig.',
  },
} as const satisfies Record<string, CatalogueEntry>;
