import type {
  DecisionView,
  PrivilegeKind,
  PrivilegeReportView,
  ReviewDecision,
  ReviewSummaryView,
  ReviewView,
} from '../../../../src/platform/access/reviews/access-reviews.contract';
import type { TFunction } from 'i18next';
import type { ApiClient } from '../../shared/api';

export type { DecisionView, PrivilegeKind, PrivilegeReportView, ReviewDecision, ReviewItemView, ReviewSummaryView, ReviewView, PrivilegeView } from '../../../../src/platform/access/reviews/access-reviews.contract';

export const ACCESS_REVIEWS_KEY = ['admin', 'access-reviews'] as const;

export interface ReportFilter {
  unusedDays: number;
  unusedOnly: boolean;
}

function reportSearch(filter: ReportFilter, language?: string): string {
  const search = new URLSearchParams({ unusedDays: String(filter.unusedDays) });
  if (filter.unusedOnly) search.set('unusedOnly', 'true');
  if (language) search.set('lang', language.startsWith('de') ? 'de' : 'en');
  return search.toString();
}

export function fetchPrivilegeReport(api: ApiClient, filter: ReportFilter, signal?: AbortSignal): Promise<PrivilegeReportView> {
  return api.get<PrivilegeReportView>(`/api/admin/access/privileges?${reportSearch(filter)}`, { signal });
}

/** The report as CSV, in the reader's language (a download link, not a request of the app). */
export function privilegeExportUrl(filter: ReportFilter, language: string): string {
  return `/api/admin/access/privileges/export?${reportSearch(filter, language)}`;
}

export function fetchReviews(api: ApiClient, signal?: AbortSignal): Promise<{ reviews: ReviewSummaryView[] }> {
  return api.get<{ reviews: ReviewSummaryView[] }>('/api/admin/access/reviews', { signal });
}

export function startReview(api: ApiClient, body: { dueInDays: number; unusedDays: number }): Promise<ReviewView> {
  return api.post<ReviewView>('/api/admin/access/reviews', body);
}

export function fetchReview(api: ApiClient, id: string, signal?: AbortSignal): Promise<ReviewView> {
  return api.get<ReviewView>(`/api/admin/access/reviews/${encodeURIComponent(id)}`, { signal });
}

export function decideItem(api: ApiClient, reviewId: string, itemId: string, decision: ReviewDecision): Promise<DecisionView> {
  return api.post<DecisionView>(`/api/admin/access/reviews/${encodeURIComponent(reviewId)}/items/${encodeURIComponent(itemId)}/decision`, { decision });
}

/** The reader's words for roles and for the scopes of operator staff grants. */
export interface PrivilegeNames {
  role: (role: 'admin' | 'manager') => string;
  staffScope: (scope: 'support_read' | 'admin') => string;
  pendingApproval: string;
}

export function privilegeNames(t: TFunction): PrivilegeNames {
  return {
    role: (role) => t(`accessReviews.roles.${role}`),
    // The same words as the Operator access page.
    staffScope: (scope) => t(`staffAccess.scopes.${scope}`),
    pendingApproval: t('accessReviews.pendingApproval'),
  };
}

/** The server's wording of a staff grant: its scope, and whether it waits for approval. */
const STAFF_GRANT = /^(support_read|admin)( \(pending approval\))?$/;

/** A privilege as people read it: roles and staff grants in the reader's words, the rest (token names and scopes) as the server words it. */
export function privilegeWords(kind: PrivilegeKind, privilege: string, names: PrivilegeNames): string {
  if (kind === 'role' && (privilege === 'admin' || privilege === 'manager')) return names.role(privilege);
  const grant = kind === 'staff_grant' ? STAFF_GRANT.exec(privilege) : null;
  if (grant) return `${names.staffScope(grant[1] as 'support_read' | 'admin')}${grant[2] ? ` (${names.pendingApproval})` : ''}`;
  return privilege;
}
