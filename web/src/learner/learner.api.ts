import type { ApiClient } from '../shared/api';
import type { CatalogueView, MyEnrolmentsView, MyEnrolmentView, SelfEnrolResult } from '../../../src/learn/enrolments/enrolments.contract';
import type { MyPathCourseView, MyPathListView, MyPathView } from '../../../src/learn/paths/paths.contract';

export type { MyEnrolmentView, CatalogueView, MyPathCourseView, MyPathView };

export const MY_ENROLMENTS_KEY = ['learn', 'me', 'enrolments'] as const;
export const MY_PATHS_KEY = ['learn', 'me', 'paths'] as const;
export const CATALOGUE_KEY = ['learn', 'catalogue'] as const;

export function fetchMyEnrolments(api: ApiClient, signal?: AbortSignal): Promise<MyEnrolmentsView> {
  return api.get<MyEnrolmentsView>('/api/learn/me/enrolments', { signal });
}

/** The learning paths the learner is in, with the state of each of their courses. */
export function fetchMyPaths(api: ApiClient, signal?: AbortSignal): Promise<MyPathView[]> {
  return api.get<MyPathListView>('/api/learn/me/paths', { signal }).then((r) => r.paths);
}

/** Open courses matching a search (title, description, category, tags) and a category; both optional. */
export function fetchCatalogue(api: ApiClient, filter: { q: string; categoryId: string }, signal?: AbortSignal): Promise<CatalogueView> {
  const query = new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.categoryId ? { categoryId: filter.categoryId } : {}) }).toString();
  return api.get<CatalogueView>(`/api/learn/catalogue${query ? `?${query}` : ''}`, { signal });
}

export function selfEnrol(api: ApiClient, courseId: string): Promise<SelfEnrolResult> {
  return api.post<SelfEnrolResult>(`/api/learn/courses/${encodeURIComponent(courseId)}/self-enrol`);
}

/** The player page of an enrolment. */
export const playPath = (enrolmentId: string) => `/play/${encodeURIComponent(enrolmentId)}`;
