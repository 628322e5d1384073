import type { CatalogueEntry } from '../http/errors.js';

/** Refusals of the audit log's search. */
export const auditErrors = {
  AUDIT_RANGE_REVERSED: {
    status: 400,
    en: 'the end of the period lies before its start',
    de: 'das Ende des Zeitraums liegt vor seinem Beginn',
  },
} as const satisfies Record<string, CatalogueEntry>;
