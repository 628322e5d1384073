import type { LaunchData } from '../../../src/learn/tracking/tracking.contract';
import type { ApiClient } from '../shared/api';

export type { LaunchData };

export const PLAYER_KEYS = {
  launch: (enrolmentId: string) => ['player', 'launch', enrolmentId] as const,
  preview: (versionId: string) => ['player', 'preview', versionId] as const,
  spacePreview: (itemId: string, version: number | null) => ['player', 'space-preview', itemId, version] as const,
  sharedCourse: (token: string, itemId: string, viewId: string) => ['player', 'shared-course', token, itemId, viewId] as const,
  storePreview: (slug: string, courseId: string) => ['player', 'store-preview', slug, courseId] as const,
};

/** A course shared by a link, for its visitor (no account): the link's address and what they proved to it decide. */
export function openSharedCourse(api: ApiClient, token: string, itemId: string, viewId: string): Promise<LaunchData> {
  const query = new URLSearchParams({ ...(itemId ? { item: itemId } : {}), ...(viewId ? { view: viewId } : {}) });
  return api.post<LaunchData>(`/s/${encodeURIComponent(token)}/player?${query}`, {});
}

/** The free preview of a store product's course, for anybody (no account): the product must be published and name the course as its preview; nothing is recorded. */
export function openStorePreview(api: ApiClient, slug: string, courseId: string): Promise<LaunchData> {
  return api.post<LaunchData>(`/store/p/${encodeURIComponent(slug)}/preview/${encodeURIComponent(courseId)}`, {});
}

/** Opens the player for an enrolment: resumes the open attempt or starts one. */
export function launchCourse(api: ApiClient, enrolmentId: string, options: { newAttempt?: boolean } = {}): Promise<LaunchData> {
  return api.post<LaunchData>(`/api/learn/enrolments/${encodeURIComponent(enrolmentId)}/launch`, options.newAttempt ? { newAttempt: true } : {});
}

/** Launch data of a version for an administrator's preview (records nothing; issues a read-only content credential). */
export function fetchPreview(api: ApiClient, versionId: string): Promise<LaunchData> {
  return api.post<LaunchData>(`/api/learn/versions/${encodeURIComponent(versionId)}/preview`, {});
}

/** Resets a learner's progress in a course (administrators and managers). */
export function resetProgress(api: ApiClient, enrolmentId: string): Promise<{ enrolmentId: string; status: string; closedAttemptId: string | null }> {
  return api.post(`/api/learn/enrolments/${encodeURIComponent(enrolmentId)}/reset`);
}
