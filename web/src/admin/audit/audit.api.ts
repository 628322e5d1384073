import type { z } from 'zod';
import type { ApiClient } from '../../shared/api';
import type { auditEntryView, auditLogPage, securityTimelineView } from '../../../../src/platform/audit/audit-log.contract';

export type AuditEntry = z.infer<typeof auditEntryView>;
export type AuditLogPage = z.infer<typeof auditLogPage>;
export type SecurityTimeline = z.infer<typeof securityTimelineView>;

export const AUDIT_KEY = ['admin', 'audit'] as const;

/** The filters of the page, as typed in (empty: not filtered). */
export interface AuditFilters {
  action: string;
  actor: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
  q: string;
}

export const NO_FILTERS: AuditFilters = { action: '', actor: '', targetType: '', targetId: '', from: '', to: '', q: '' };

/** The filters that are set, as query parameters (trimmed; empty ones left out). */
export function filterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters) as [keyof AuditFilters, string][]) {
    const trimmed = value.trim();
    if (trimmed) params.set(key, trimmed);
  }
  return params;
}

export function fetchAuditLog(api: ApiClient, filters: AuditFilters, before: number | undefined, signal?: AbortSignal): Promise<AuditLogPage> {
  const params = filterParams(filters);
  if (before) params.set('before', String(before));
  return api.get<AuditLogPage>(`/api/admin/audit-events?${params.toString()}`, { signal });
}

/** The CSV download of the same filters, in the UI language. */
export function exportUrlOf(filters: AuditFilters, language: string): string {
  const params = filterParams(filters);
  params.set('lang', language.startsWith('de') ? 'de' : 'en');
  return `/api/admin/audit-events.csv?${params.toString()}`;
}

export function fetchSecurityTimeline(api: ApiClient, bucket: 'day' | 'hour', signal?: AbortSignal): Promise<SecurityTimeline> {
  return api.get<SecurityTimeline>(`/api/admin/security-timeline?bucket=${bucket}`, { signal });
}
