import type { ApiClient, CreatedLrsKey, CreateLrsKeyInput, LrsKeyList } from '../../shared/api';

export const LRS_KEYS_KEY = ['admin', 'lrs', 'keys'] as const;

/** The site's LRS keys (without their secrets), newest first, and the LRS endpoint. */
export function fetchLrsKeys(api: ApiClient, signal?: AbortSignal): Promise<LrsKeyList> {
  return api.get<LrsKeyList>('/api/lrs/keys', { signal });
}

/** Makes a key; the answer holds its secret, which the server never shows again. */
export function createLrsKey(api: ApiClient, body: CreateLrsKeyInput): Promise<CreatedLrsKey> {
  return api.post<CreatedLrsKey>('/api/lrs/keys', body);
}

/** Revokes a key at once: its next request is refused. */
export async function revokeLrsKey(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(`/api/lrs/keys/${encodeURIComponent(id)}`);
}
