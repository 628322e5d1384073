import type { StaffAccessEntryView, TenantGrantView } from '../../../../src/platform/access/staff/staff-access.contract';
import type { ApiClient } from '../../shared/api';

export type { StaffAccessEntryView, TenantGrantView };

export const STAFF_ACCESS_KEYS = {
  grants: ['admin', 'staff-access', 'grants'] as const,
  log: ['admin', 'staff-access', 'log'] as const,
};

export function fetchStaffGrants(api: ApiClient, signal?: AbortSignal): Promise<TenantGrantView[]> {
  return api.get<TenantGrantView[]>('/api/admin/staff-access/grants', { signal });
}

export function fetchStaffAccessLog(api: ApiClient, beforeId: number | undefined, signal?: AbortSignal): Promise<StaffAccessEntryView[]> {
  return api.get<StaffAccessEntryView[]>(`/api/admin/staff-access/log?limit=50${beforeId ? `&beforeId=${beforeId}` : ''}`, { signal });
}

export function decideStaffGrant(api: ApiClient, id: string, decision: 'approve' | 'reject' | 'revoke'): Promise<void> {
  return api.post<void>(`/api/admin/staff-access/grants/${encodeURIComponent(id)}/${decision}`);
}
