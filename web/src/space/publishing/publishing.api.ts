import type { ApiClient } from '../../shared/api';
import type { PublicationView, PublishInput } from '../../../../src/space/publishing/publishing.contract';
import { ITEMS_KEY } from '../space.api';

export type { PublicationView, PublishInput };

export const publicationsKey = (itemId: string) => [...ITEMS_KEY, itemId, 'publications'] as const;

const item = (id: string) => `/api/space/items/${encodeURIComponent(id)}`;

/** Where the file went in Learn, newest first. */
export function fetchPublications(api: ApiClient, itemId: string, signal?: AbortSignal): Promise<PublicationView[]> {
  return api.get<{ publications: PublicationView[] }>(`${item(itemId)}/publications`, { signal }).then((answer) => answer.publications);
}

/** Queues the publication (Learn imports the package in the background): answers it pending. */
export function publishToLearn(api: ApiClient, itemId: string, body: PublishInput): Promise<PublicationView> {
  return api.post<PublicationView>(`${item(itemId)}/publish`, body);
}
