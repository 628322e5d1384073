import type { ApiClient } from '../../shared/api';
import { ApiError, CLIENT_ERROR_CODES, toApiError } from '../../shared/api/errors';
import { currentLanguage, i18n } from '../../shared/i18n';
import type {
  CourseStatusValue,
  CourseView,
  CreateCourseInput,
  ImportResultView,
  UpdateCourseInput,
  UploadView,
  VersionView,
} from '../../../../src/learn/courses/courses.contract';
import { uploadInChunks, type ChunkSender, type UploadProgress } from './packageUpload';

export type { CourseStatusValue, CourseView, ImportResultView, UploadProgress, VersionView };

export const COURSES_KEY = ['admin', 'courses'] as const;

export interface CourseList {
  courses: CourseView[];
  total: number;
}

export function fetchCourses(api: ApiClient, query: string, signal?: AbortSignal): Promise<CourseList> {
  return api.get<CourseList>(`/api/learn/courses?${query}`, { signal });
}

export function fetchCourse(api: ApiClient, id: string, signal?: AbortSignal): Promise<CourseView> {
  return api.get<CourseView>(`/api/learn/courses/${encodeURIComponent(id)}`, { signal });
}

export function fetchVersions(api: ApiClient, id: string, signal?: AbortSignal): Promise<VersionView[]> {
  return api.get<{ versions: VersionView[] }>(`/api/learn/courses/${encodeURIComponent(id)}/versions`, { signal }).then((r) => r.versions);
}

export function createCourse(api: ApiClient, body: CreateCourseInput): Promise<CourseView> {
  return api.post<CourseView>('/api/learn/courses', body);
}

export function updateCourse(api: ApiClient, id: string, body: UpdateCourseInput): Promise<CourseView> {
  return api.patch<CourseView>(`/api/learn/courses/${encodeURIComponent(id)}`, body);
}

/** A new draft with the course's details and current content. */
export function copyCourse(api: ApiClient, id: string, title?: string): Promise<CourseView> {
  return api.post<CourseView>(`/api/learn/courses/${encodeURIComponent(id)}/copy`, title === undefined ? {} : { title });
}

/** Only a draft or archived course can be deleted. */
export async function deleteCourse(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(`/api/learn/courses/${encodeURIComponent(id)}`);
}

export function setCourseStatus(api: ApiClient, id: string, status: CourseStatusValue): Promise<CourseView> {
  return api.post<CourseView>(`/api/learn/courses/${encodeURIComponent(id)}/status`, { status });
}

export function removeCover(api: ApiClient, id: string): Promise<CourseView> {
  return api.delete<CourseView>(`/api/learn/courses/${encodeURIComponent(id)}/cover`);
}

export function coverUrl(course: CourseView): string {
  return `/api/learn/courses/${encodeURIComponent(course.id)}/cover?v=${encodeURIComponent(course.updatedAt)}`;
}

/** One request sent with XMLHttpRequest, for its upload progress events (fetch has none). */
function sendWithProgress<T>(
  method: 'PUT',
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (loaded: number) => void,
  signal: AbortSignal | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      onProgress(event.loaded);
    };
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(toApiError(xhr.status, parsed, i18n.t('errors.unexpected', { status: xhr.status })));
    };
    xhr.onerror = () => {
      reject(new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, message: i18n.t('errors.network') }));
    };
    xhr.onabort = () => {
      reject(new DOMException('aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', () => {
      xhr.abort();
    });
    xhr.send(body);
  });
}

/**
 * Uploads a package in resumable chunks with upload progress (see packageUpload.ts) and
 * imports it: into `courseId`, or as a new course when null.
 */
export function uploadPackage(
  api: ApiClient,
  file: File,
  courseId: string | null,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ImportResultView> {
  const sendChunk: ChunkSender = (url, chunk, headers, onLoaded, chunkSignal) => sendWithProgress<UploadView>('PUT', url, chunk, headers, onLoaded, chunkSignal);
  return uploadInChunks(api, file, courseId, { onProgress, sendChunk, ...(signal ? { signal } : {}) });
}

/** Uploads a cover image (PNG, JPEG or WebP) as the request body. */
export async function uploadCover(courseId: string, file: File): Promise<CourseView> {
  return sendWithProgress<CourseView>(
    'PUT',
    `/api/learn/courses/${encodeURIComponent(courseId)}/cover`,
    file,
    { 'Content-Type': file.type || 'application/octet-stream' },
    () => undefined,
    undefined,
  );
}
