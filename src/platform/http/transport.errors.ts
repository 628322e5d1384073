import type { CatalogueEntry } from './errors.js';

export const transportErrors = {
  HTTP_TLS_REQUIRED: {
    status: 403,
    en: 'This is only available over a secure connection. Please use the https:// address.',
    de: 'Dies ist nur über eine sichere Verbindung möglich. Bitte verwenden Sie die https://-Adresse.',
  },
  HTTP_BAD_HOST: {
    status: 400,
    en: 'The request names no valid host (Host header).',
    de: 'Die Anfrage nennt keinen gültigen Host (Host-Header).',
  },
} as const satisfies Record<string, CatalogueEntry>;
