import type { ApiClient } from '../../shared/api';
import type { OverviewView } from '../../../../src/learn/reports/reports.contract';

export type { OverviewView };

export const OVERVIEW_KEY = ['learn', 'reports', 'overview'] as const;

/** The dashboard figures: the whole site for an administrator, the led groups for a manager. */
export function fetchOverview(api: ApiClient, signal?: AbortSignal): Promise<OverviewView> {
  return api.get<OverviewView>('/api/learn/reports/overview', { signal });
}
