import type { CatalogueEntry } from '../../http/errors.js';

export const apiTokenErrors = {
  /** One answer for a forged, expired, revoked or foreign token: a caller learns nothing about which. */
  AUTH_TOKEN_INVALID: {
    status: 401,
    en: 'The API token is not valid: it is unknown, expired or revoked.',
    de: 'Das API-Token ist ungültig: unbekannt, abgelaufen oder widerrufen.',
  },
  AUTH_TOKEN_SCOPE: {
    status: 403,
    en: 'The API token does not have the scope this request needs.',
    de: 'Dem API-Token fehlt die Berechtigung (Scope), die diese Anfrage braucht.',
  },
  API_TOKEN_NOT_FOUND: { status: 404, en: 'There is no such API token.', de: 'Dieses API-Token gibt es nicht.' },
  API_TOKEN_LIMIT: {
    status: 409,
    en: 'You have as many active API tokens as allowed. Revoke one first.',
    de: 'Sie haben bereits so viele aktive API-Tokens wie erlaubt. Widerrufen Sie zuerst eines.',
  },
} as const satisfies Record<string, CatalogueEntry>;
