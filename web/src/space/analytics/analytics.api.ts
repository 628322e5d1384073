import type { ApiClient } from '../../shared/api';
import type { ShareAnalyticsView } from '../../../../src/space/analytics/analytics.contract';
import { ITEMS_KEY } from '../space.api';

export type { ShareAnalyticsView };

const analyticsOf = (shareId: string) => `/api/space/shares/${encodeURIComponent(shareId)}/analytics`;
export const analyticsKey = (shareId: string) => [...ITEMS_KEY, 'shares', shareId, 'analytics'] as const;

export function fetchShareAnalytics(api: ApiClient, shareId: string, signal?: AbortSignal): Promise<ShareAnalyticsView> {
  return api.get<ShareAnalyticsView>(analyticsOf(shareId), { signal });
}

export const analyticsCsvUrl = (shareId: string) => `${analyticsOf(shareId)}.csv`;
