import type { CatalogueEntry } from '../../http/errors.js';

/** Codes of the access reviews. */
export const accessReviewErrors = {
  ACCESS_REVIEW_NOT_FOUND: {
    status: 404,
    en: 'There is no such access review.',
    de: 'Diese Zugriffsprüfung gibt es nicht.',
  },
  ACCESS_REVIEW_ITEM_NOT_FOUND: {
    status: 404,
    en: 'This access review has no such entry.',
    de: 'Diese Zugriffsprüfung hat keinen solchen Eintrag.',
  },
  ACCESS_REVIEW_ALREADY_OPEN: {
    status: 409,
    en: 'An access review is still open. Finish it before starting another.',
    de: 'Eine Zugriffsprüfung ist noch offen. Schließen Sie sie ab, bevor Sie eine neue beginnen.',
  },
  ACCESS_REVIEW_ITEM_DECIDED: {
    status: 409,
    en: 'This entry has been decided already; a decision cannot be changed.',
    de: 'Über diesen Eintrag wurde bereits entschieden; eine Entscheidung lässt sich nicht ändern.',
  },
  ACCESS_REVIEW_KIND_UNAVAILABLE: {
    status: 409,
    en: 'This kind of privilege cannot be revoked here: the part of Lectern that hands it out is not installed.',
    de: 'Diese Art von Berechtigung lässt sich hier nicht entziehen: Der Teil von Lectern, der sie vergibt, ist nicht installiert.',
  },
} as const satisfies Record<string, CatalogueEntry>;
