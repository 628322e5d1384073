import type { ApiClient } from '../shared/api';
import { ApiError, CLIENT_ERROR_CODES, toApiError } from '../shared/api/errors';
import { currentLanguage, i18n } from '../shared/i18n';
import type { AccessView, CreateFolderInput, ItemListView, ItemView, SetAccessInput, SpaceUploadView, UpdateItemInput, VersionView } from '../../../src/space/library/library.contract';
import type { MemberView, SetMemberInput, WorkspaceView } from '../../../src/space/workspace/members.contract';
import type { SpaceRole } from '../../../src/space/workspace/space-roles';
import type { LaunchData } from '../../../src/learn/tracking/tracking.contract';

export type { AccessView, ItemListView, ItemView, MemberView, SetAccessInput, SpaceRole, SpaceUploadView, VersionView, WorkspaceView };
export type FileKind = NonNullable<ItemView['fileKind']>;
export type ItemKind = ItemView['kind'];

/** Everything of the Space the web app caches; invalidated together after a change. */
export const SPACE_KEY = ['space'] as const;
export const WORKSPACE_KEY = [...SPACE_KEY, 'workspace'] as const;
export const ITEMS_KEY = [...SPACE_KEY, 'items'] as const;
export const TRASH_KEY = [...SPACE_KEY, 'trash'] as const;

/** The code of the refusal a signed-in user who is not a member gets from every Space route. */
export const NOT_MEMBER_CODE = 'SPACE_NOT_MEMBER';

const item = (id: string) => `/api/space/items/${encodeURIComponent(id)}`;

export function fetchWorkspace(api: ApiClient, signal?: AbortSignal): Promise<WorkspaceView> {
  return api.get<WorkspaceView>('/api/space/workspace', { signal });
}

/** Adds a member or changes their role. */
export function setMember(api: ApiClient, body: SetMemberInput): Promise<MemberView> {
  return api.put<MemberView>('/api/space/members', body);
}

export async function removeMember(api: ApiClient, userId: string): Promise<void> {
  await api.delete<undefined>(`/api/space/members/${encodeURIComponent(userId)}`);
}

/** A folder's entries, or a search of the library (`query` from libraryQuery.ts). */
export function fetchItems(api: ApiClient, query: string, signal?: AbortSignal): Promise<ItemListView> {
  return api.get<ItemListView>(`/api/space/items?${query}`, { signal });
}

export function fetchItem(api: ApiClient, id: string, signal?: AbortSignal): Promise<ItemView> {
  return api.get<ItemView>(item(id), { signal });
}

/** An Office file's PDF rendition (the PDF uploaded beside it), or null. */
export function fetchRendition(api: ApiClient, id: string, signal?: AbortSignal): Promise<ItemView | null> {
  return api.get<{ rendition: ItemView | null }>(`${item(id)}/rendition`, { signal }).then((answer) => answer.rendition);
}

export function createFolder(api: ApiClient, body: CreateFolderInput): Promise<ItemView> {
  return api.post<ItemView>('/api/space/folders', body);
}

export function updateItem(api: ApiClient, id: string, body: UpdateItemInput): Promise<ItemView> {
  return api.patch<ItemView>(item(id), body);
}

export function moveItem(api: ApiClient, id: string, parentId: string | null): Promise<ItemView> {
  return api.post<ItemView>(`${item(id)}/move`, { parentId });
}

export function copyItem(api: ApiClient, id: string, parentId: string | null, name?: string): Promise<ItemView> {
  return api.post<ItemView>(`${item(id)}/copy`, name === undefined ? { parentId } : { parentId, name });
}

/** To the trash (with what is in it). */
export async function trashItem(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(item(id));
}

export function fetchTrash(api: ApiClient, signal?: AbortSignal): Promise<ItemListView> {
  return api.get<ItemListView>('/api/space/trash', { signal });
}

export function restoreItem(api: ApiClient, id: string): Promise<ItemView> {
  return api.post<ItemView>(`${item(id)}/restore`);
}

/** Deletes a trashed item for good (Space administrators). */
export async function purgeItem(api: ApiClient, id: string): Promise<void> {
  await api.delete<undefined>(`/api/space/trash/${encodeURIComponent(id)}`);
}

export function fetchVersions(api: ApiClient, id: string, signal?: AbortSignal): Promise<VersionView[]> {
  return api.get<{ versions: VersionView[] }>(`${item(id)}/versions`, { signal }).then((answer) => answer.versions);
}

/** Makes an older version current again (as a new version). */
export function restoreVersion(api: ApiClient, id: string, number: number): Promise<ItemView> {
  return api.post<ItemView>(`${item(id)}/versions/${String(number)}/restore`);
}

export function fetchAccess(api: ApiClient, id: string, signal?: AbortSignal): Promise<AccessView> {
  return api.get<AccessView>(`${item(id)}/access`, { signal });
}

export function setAccess(api: ApiClient, id: string, body: SetAccessInput): Promise<AccessView> {
  return api.put<AccessView>(`${item(id)}/access`, body);
}

/**
 * The address of a file's bytes (its current version, or `version`): shown in the page for kinds a
 * browser shows, or (`download`) as a download. The version in the address keeps a cached
 * thumbnail from outliving a new version.
 */
export function contentUrl(file: Pick<ItemView, 'id' | 'currentVersion'>, options: { version?: number; download?: boolean } = {}): string {
  const version = options.version ?? file.currentVersion;
  const query = new URLSearchParams({ ...(version !== null ? { version: String(version) } : {}), ...(options.download ? { download: '1' } : {}) }).toString();
  return `${item(file.id)}/content${query ? `?${query}` : ''}`;
}

/** An image's small picture for lists (the version in the address: a new version is a new picture). */
export function thumbnailUrl(file: Pick<ItemView, 'id' | 'currentVersion'>): string {
  return `${item(file.id)}/thumbnail${file.currentVersion !== null ? `?version=${file.currentVersion}` : ''}`;
}

/** Gives a video's current version the small picture this browser made of it (the first one sent stays). */
export function sendBrowserThumbnail(api: ApiClient, file: Pick<ItemView, 'id' | 'currentVersion'>, picture: Blob): Promise<void> {
  return api.putRaw<void>(thumbnailUrl(file), { raw: picture, contentType: picture.type || 'application/octet-stream' });
}

/** Where a course version of the library plays in the full-window player (the current one without `version`). */
export function coursePlayerPath(itemId: string, version?: number): string {
  return `/play/space/${encodeURIComponent(itemId)}${version === undefined ? '' : `?version=${version}`}`;
}

/** Opens a course version in the player as a preview that records nothing (any member who may see the file). */
export function openCoursePreview(api: ApiClient, itemId: string, version: number | null): Promise<LaunchData> {
  return api.post<LaunchData>(`${item(itemId)}/player${version === null ? '' : `?version=${version}`}`, {});
}

/**
 * Sends one chunk of a resumable upload as the raw request body, with its Content-Range; answers
 * the upload as the server has it afterwards (the bytes it acknowledged).
 */
export async function sendSpaceChunk(url: string, chunk: Blob, contentRange: string, signal: AbortSignal | undefined): Promise<SpaceUploadView> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': currentLanguage(), 'Content-Type': 'application/octet-stream', 'Content-Range': contentRange },
      body: chunk,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, message: i18n.t('errors.network') });
  }
  let parsed: unknown;
  try {
    parsed = (await response.json()) as unknown;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw toApiError(response.status, parsed, i18n.t('errors.unexpected', { status: response.status }));
  return parsed as SpaceUploadView;
}
