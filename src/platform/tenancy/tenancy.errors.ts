import type { CatalogueEntry } from '../http/errors.js';

export const tenancyErrors = {
  TENANT_UNKNOWN_HOST: {
    status: 404,
    en: 'No Lectern site is set up at this address.',
    de: 'Unter dieser Adresse ist keine Lectern-Site eingerichtet.',
  },
  TENANT_DISABLED: {
    status: 403,
    en: 'This site has been disabled by the operator.',
    de: 'Diese Site wurde vom Betreiber deaktiviert.',
  },
  TENANT_SLUG_TAKEN: {
    status: 409,
    en: 'A site with this short name exists already.',
    de: 'Eine Site mit diesem Kurznamen gibt es bereits.',
  },
  TENANT_HOST_TAKEN: {
    status: 409,
    en: 'This host name belongs to another site.',
    de: 'Dieser Hostname gehört zu einer anderen Site.',
  },
  TENANT_HOST_NOT_FOUND: {
    status: 404,
    en: 'This host name is not one of the site\'s host names.',
    de: 'Dieser Hostname gehört nicht zu den Hostnamen der Site.',
  },
  TENANT_NOT_FOUND: { status: 404, en: 'There is no such site.', de: 'Diese Site gibt es nicht.' },
} as const satisfies Record<string, CatalogueEntry>;
