import type {
  MyMailConsentView,
  RequestMailConsentInput,
  SentMailingView,
  UpdateMailingInput,
  UpdateMailsOverview,
} from '../../../../src/platform/privacy/consent/consent.contract';
import type { ApiClient } from '../../shared/api';

export type { MyMailConsentView, UpdateMailsOverview };

export const UPDATE_MAILS_KEYS = {
  myConsent: ['me', 'mail-consent'] as const,
  overview: ['admin', 'update-mails'] as const,
};

export function fetchMyMailConsent(api: ApiClient, signal?: AbortSignal): Promise<MyMailConsentView> {
  return api.get<MyMailConsentView>('/api/me/mail-consent', { signal });
}

export function requestMailConsent(api: ApiClient, body: RequestMailConsentInput): Promise<MyMailConsentView> {
  return api.post<MyMailConsentView>('/api/me/mail-consent', body);
}

export function withdrawMailConsent(api: ApiClient): Promise<MyMailConsentView> {
  return api.delete<MyMailConsentView>('/api/me/mail-consent');
}

export function fetchUpdateMailsOverview(api: ApiClient, signal?: AbortSignal): Promise<UpdateMailsOverview> {
  return api.get<UpdateMailsOverview>('/api/admin/update-mails', { signal });
}

export function sendUpdateMailing(api: ApiClient, body: UpdateMailingInput): Promise<SentMailingView> {
  return api.post<SentMailingView>('/api/admin/update-mails', body);
}
