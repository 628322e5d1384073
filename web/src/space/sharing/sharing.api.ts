import type { ApiClient } from '../../shared/api';
import type { CreateShareInput, ShareView } from '../../../../src/space/sharing/sharing.contract';
import { ITEMS_KEY } from '../space.api';

export type { CreateShareInput, ShareView };

/** The share links of one item (cached with the item, refreshed after a change). */
export const sharesKey = (itemId: string) => [...ITEMS_KEY, itemId, 'shares'] as const;

const sharesOf = (itemId: string) => `/api/space/items/${encodeURIComponent(itemId)}/shares`;

export function fetchShares(api: ApiClient, itemId: string, signal?: AbortSignal): Promise<ShareView[]> {
  return api.get<{ shares: ShareView[] }>(sharesOf(itemId), { signal }).then((answer) => answer.shares);
}

export function createShare(api: ApiClient, itemId: string, body: CreateShareInput): Promise<ShareView> {
  return api.post<ShareView>(sharesOf(itemId), body);
}

/** Revoked at once: the link answers as an unknown one from now on. */
export async function revokeShare(api: ApiClient, shareId: string): Promise<void> {
  await api.delete<undefined>(`/api/space/shares/${encodeURIComponent(shareId)}`);
}

/** Sets who a link for named people is for: added addresses get the link by mail, removed ones lose access at once. */
export function setShareRecipients(api: ApiClient, shareId: string, recipients: string[]): Promise<ShareView> {
  return api.put<ShareView>(`/api/space/shares/${encodeURIComponent(shareId)}/recipients`, { recipients });
}
