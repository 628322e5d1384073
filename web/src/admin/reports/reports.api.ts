import type { ApiClient } from '../../shared/api';
import type {
  AttemptHistoryView,
  AttemptStatementsView,
  CourseOverviewView,
  CourseReportView,
  LearnerReportView,
  OverdueReportView,
  ReportRow,
  ReportStatus,
  StatusSummary,
  TimelineStatement,
} from '../../../../src/learn/reports/reports.contract';

export type { AttemptHistoryView, AttemptStatementsView, TimelineStatement, CourseOverviewView, CourseReportView, LearnerReportView, OverdueReportView, ReportRow, ReportStatus, StatusSummary };

export const REPORTS_KEY = ['learn', 'reports'] as const;

/** The statuses in chart order (kept in step with the server's list). */
export const STATUSES: readonly ReportStatus[] = ['not_started', 'in_progress', 'completed', 'passed', 'failed'];

/** Filters shared by the report views; empty strings mean "not set". */
export interface ReportFilters {
  status: ReportStatus | '';
  groupId: string;
  courseId: string;
  dueFrom: string;
  dueTo: string;
  overdue: boolean;
  q: string;
}

export const NO_FILTERS: ReportFilters = { status: '', groupId: '', courseId: '', dueFrom: '', dueTo: '', overdue: false, q: '' };

/** The query string of a report request: only the filters that are set, then paging or export options. */
export function reportQuery(filters: Partial<ReportFilters>, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === '' || value === false || value === undefined) continue;
    params.set(key, value === true ? 'true' : String(value).trim());
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

export function fetchCourseOverview(api: ApiClient, signal?: AbortSignal): Promise<CourseOverviewView> {
  return api.get<CourseOverviewView>('/api/learn/reports/courses', { signal });
}

export function fetchCourseReport(api: ApiClient, courseId: string, query: string, signal?: AbortSignal): Promise<CourseReportView> {
  return api.get<CourseReportView>(`/api/learn/reports/courses/${encodeURIComponent(courseId)}?${query}`, { signal });
}

export function fetchLearnerReport(api: ApiClient, userId: string, query: string, signal?: AbortSignal): Promise<LearnerReportView> {
  return api.get<LearnerReportView>(`/api/learn/reports/learners/${encodeURIComponent(userId)}?${query}`, { signal });
}

export function fetchAttemptHistory(api: ApiClient, enrolmentId: string, signal?: AbortSignal): Promise<AttemptHistoryView> {
  return api.get<AttemptHistoryView>(`/api/learn/reports/enrolments/${encodeURIComponent(enrolmentId)}/attempts`, { signal });
}

/** A page of an attempt's statements, oldest first; `after` is the `next` of the page before. */
export function fetchAttemptStatements(api: ApiClient, attemptId: string, after: string | undefined, signal?: AbortSignal): Promise<AttemptStatementsView> {
  const query = after ? `?${new URLSearchParams({ after }).toString()}` : '';
  return api.get<AttemptStatementsView>(`/api/learn/reports/attempts/${encodeURIComponent(attemptId)}/statements${query}`, { signal });
}

/** The page of an attempt's timeline in the web app. */
export const timelinePath = (attemptId: string) => `/reports/attempts/${encodeURIComponent(attemptId)}`;

export function fetchOverdueReport(api: ApiClient, query: string, signal?: AbortSignal): Promise<OverdueReportView> {
  return api.get<OverdueReportView>(`/api/learn/reports/overdue?${query}`, { signal });
}

export interface GroupOption {
  id: string;
  name: string;
  parentId: string | null;
}

export function fetchGroups(api: ApiClient, signal?: AbortSignal): Promise<{ groups: GroupOption[] }> {
  return api.get<{ groups: GroupOption[] }>('/api/admin/groups', { signal });
}

export interface UserOption {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

export function searchUsers(api: ApiClient, q: string, signal?: AbortSignal): Promise<{ users: UserOption[]; total: number }> {
  return api.get<{ users: UserOption[]; total: number }>(`/api/admin/users?${new URLSearchParams({ q, limit: '20' }).toString()}`, { signal });
}

/**
 * The address of an export: a plain link the browser downloads with the session cookie
 * (the file streams; nothing is held in the page). `lang` makes the header row follow the UI.
 */
export function exportUrl(path: string, filters: Partial<ReportFilters>, format: 'csv' | 'xlsx', lang: string, extra: Record<string, string> = {}): string {
  return `${path}/export?${reportQuery(filters, { ...extra, format, lang: lang.startsWith('de') ? 'de' : 'en' })}`;
}
