import type { ApiClient } from '../../shared/api';
import type { CertificateListView, CertificateView } from '../../../../src/learn/certificates/certificates.contract';
import type {
  EnrolGroupInPathRequest,
  EnrolGroupInPathResult,
  EnrolInPathRequest,
  EnrolInPathResult,
  LeavePathResult,
  PathEnrolmentListView,
  PathEnrolmentView,
  PathGroupView,
  PathInput,
  PathListView,
  PathSummaryView,
  PathView,
} from '../../../../src/learn/paths/paths.contract';

export type { PathEnrolmentView, PathGroupView, PathInput, PathSummaryView, PathView };

export const PATHS_KEY = ['admin', 'paths'] as const;
export const pathKey = (pathId: string) => [...PATHS_KEY, pathId] as const;
export const pathEnrolmentsKey = (pathId: string) => [...PATHS_KEY, pathId, 'enrolments'] as const;
export const pathCertificatesKey = (pathId: string) => [...PATHS_KEY, pathId, 'certificates'] as const;

const path = (pathId: string) => `/api/learn/paths/${encodeURIComponent(pathId)}`;

export function fetchPathCertificates(api: ApiClient, pathId: string, signal?: AbortSignal): Promise<CertificateView[]> {
  return api.get<CertificateListView>(`${path(pathId)}/certificates`, { signal }).then((r) => r.certificates);
}

export function fetchPaths(api: ApiClient, signal?: AbortSignal): Promise<PathSummaryView[]> {
  return api.get<PathListView>('/api/learn/paths', { signal }).then((r) => r.paths);
}

export function fetchPath(api: ApiClient, pathId: string, signal?: AbortSignal): Promise<PathView> {
  return api.get<PathView>(path(pathId), { signal });
}

export function createPath(api: ApiClient, body: PathInput): Promise<PathView> {
  return api.post<PathView>('/api/learn/paths', body);
}

/** Replaces the path whole: its details and its courses in order with their prerequisites. */
export function savePath(api: ApiClient, pathId: string, body: PathInput): Promise<PathView> {
  return api.put<PathView>(path(pathId), body);
}

/** The path's course enrolments without progress go; those with progress stay as direct enrolments. */
export function deletePath(api: ApiClient, pathId: string): Promise<LeavePathResult> {
  return api.delete<LeavePathResult>(path(pathId));
}

export function fetchPathEnrolments(api: ApiClient, pathId: string, signal?: AbortSignal): Promise<PathEnrolmentView[]> {
  return api.get<PathEnrolmentListView>(`${path(pathId)}/enrolments`, { signal }).then((r) => r.enrolments);
}

export function enrolInPath(api: ApiClient, pathId: string, body: EnrolInPathRequest): Promise<EnrolInPathResult> {
  return api.post<EnrolInPathResult>(`${path(pathId)}/enrolments`, body);
}

export function removePathEnrolment(api: ApiClient, pathEnrolmentId: string): Promise<LeavePathResult> {
  return api.delete<LeavePathResult>(`/api/learn/path-enrolments/${encodeURIComponent(pathEnrolmentId)}`);
}

export function enrolGroupInPath(api: ApiClient, pathId: string, body: EnrolGroupInPathRequest): Promise<EnrolGroupInPathResult> {
  return api.post<EnrolGroupInPathResult>(`${path(pathId)}/groups`, body);
}

export function removePathGroup(api: ApiClient, pathGroupId: string): Promise<LeavePathResult> {
  return api.delete<LeavePathResult>(`/api/learn/path-groups/${encodeURIComponent(pathGroupId)}`);
}
