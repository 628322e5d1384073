import { currentLanguage, i18n } from '../i18n';
import { createApiClient } from './client';

/** The application's API client: UI language as Accept-Language, texts from i18n. */
export const api = createApiClient({
  getLanguage: currentLanguage,
  messages: {
    network: () => i18n.t('errors.network'),
    unexpected: (status) => i18n.t('errors.unexpected', { status }),
  },
});

export { ApiError, isApiError, isAuthLost } from './errors';
export type { ApiFieldError } from './errors';
export type { ApiClient } from './client';
export * from './endpoints';
export type * from './types';
