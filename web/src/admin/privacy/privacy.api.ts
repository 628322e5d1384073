import type { ApiClient } from '../../shared/api';

export interface PrivacyRequestView {
  id: string;
  subjectUserId: string;
  kind: 'export' | 'erasure';
  status: 'requested' | 'completed' | 'rejected';
  requestedAt: string;
  handledAt: string | null;
}

export interface SiteRequestView extends PrivacyRequestView {
  subjectName: string;
  subjectEmail: string;
}

export const PRIVACY_KEYS = { own: ['me', 'privacy'] as const, site: ['admin', 'privacy'] as const };

/** Where the browser downloads one's own data (the server makes the zip on request). */
export const OWN_EXPORT_URL = '/api/me/privacy/export';

export const userExportUrl = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}/privacy-export`;

export async function fetchOwnRequests(api: ApiClient, signal?: AbortSignal): Promise<PrivacyRequestView[]> {
  return (await api.get<{ requests: PrivacyRequestView[] }>('/api/me/privacy/requests', { signal })).requests;
}

export function requestErasure(api: ApiClient): Promise<PrivacyRequestView> {
  return api.post<PrivacyRequestView>('/api/me/privacy/erasure-request', {});
}

export async function fetchSiteRequests(api: ApiClient, status: 'requested' | undefined, signal?: AbortSignal): Promise<SiteRequestView[]> {
  return (await api.get<{ requests: SiteRequestView[] }>(`/api/admin/privacy/requests${status ? `?status=${status}` : ''}`, { signal })).requests;
}

export async function eraseUser(api: ApiClient, userId: string, confirmEmail: string): Promise<void> {
  await api.post<undefined>(`/api/admin/users/${encodeURIComponent(userId)}/erase`, { confirmEmail });
}

export async function rejectRequest(api: ApiClient, requestId: string, reason: string): Promise<void> {
  await api.post<undefined>(`/api/admin/privacy/requests/${encodeURIComponent(requestId)}/reject`, { reason });
}
