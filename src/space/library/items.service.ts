import { deleteItemForGood } from './course-preview.service.js';
import { endCoursePlaysTrashedWith } from '../analytics/course-plays.js';
import type { UseCase } from '../../platform/access/index.js';
import type { Orm } from '../../platform/db/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import { sectionSettingsOf } from '../../platform/tenancy/index.js';
import { assertSpaceCan } from '../space.policy.js';
import { findMemberRole } from '../workspace/members.repository.js';
import { atLeast, type SpaceRole } from '../workspace/space-roles.js';
import { spaceSettings } from '../workspace/space.settings.js';
import { hiddenItems, itemFor, libraryAccessOf, roleOn, type LibraryAccess } from './item-access.js';
import {
  accessRowsOf,
  findItem,
  findItems,
  findPdfBeside,
  findVersion,
  groupExists,
  insertItem,
  insertVersion,
  listItems,
  listTrash,
  listVersions,
  moveItemRow,
  replaceAccess,
  restoreSubtree,
  storageUsed,
  trashSubtree,
  updateItem,
  versionChunks,
  type AccessRow,
  type ChunkRecord,
  type ItemRecord,
  type VersionRecord,
} from './items.repository.js';
import { copyItemInput, createFolderInput, itemListQuery, moveItemInput, setAccessInput, updateItemInput, type CreateFolderInput, type ItemListQuery, type SetAccessInput, type UpdateItemInput } from './library.contract.js';

/** An item with the member's role on it. */
export interface ItemWithRole {
  item: ItemRecord;
  role: SpaceRole;
}

export interface ItemPage {
  items: ItemWithRole[];
  total: number;
  folder: ItemWithRole | null;
  path: ItemRecord[];
}

/** The folder (or project) items go into, when the member may put them there; null: the top. */
async function targetFolder(useCase: UseCase, access: LibraryAccess, parentId: string | null, field = 'parentId'): Promise<ItemRecord | null> {
  if (parentId === null) {
    assertSpaceCan(roleOn(access, null), 'edit');
    return null;
  }
  const found = await findItem(useCase.tx, parentId);
  if (!found || roleOn(access, found) === null) throw new AppError('SPACE_ITEM_NOT_FOUND', [{ field, value: parentId }]);
  assertSpaceCan(roleOn(access, found), 'edit', parentId);
  if (found.kind === 'file') throw new AppError('SPACE_NOT_A_FOLDER', [{ field, value: parentId }]);
  if (found.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field, value: parentId }]);
  return found;
}

const withRole = (access: LibraryAccess, item: ItemRecord): ItemWithRole => ({ item, role: roleOn(access, item)! });

export async function listLibrary(useCase: UseCase, unchecked: ItemListQuery): Promise<ItemPage> {
  const query = itemListQuery.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  let folder: ItemRecord | null = null;
  if (query.scope === 'folder' && query.parentId) {
    folder = (await itemFor(useCase, access, query.parentId, 'view')).item;
    if (folder.kind === 'file') throw new AppError('SPACE_NOT_A_FOLDER', [{ field: 'parentId', value: query.parentId }]);
    if (folder.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'parentId', value: query.parentId }]);
  }
  const page = await listItems(useCase.tx, {
    parentId: query.scope === 'all' ? undefined : (query.parentId ?? null),
    q: query.q,
    kind: query.kind,
    fileKind: query.fileKind,
    tag: query.tag,
    ownerId: query.ownerId,
    updatedFrom: query.updatedFrom ? new Date(query.updatedFrom) : undefined,
    updatedTo: query.updatedTo ? new Date(query.updatedTo) : undefined,
    hidden: hiddenItems(access),
    sort: query.sort,
    order: query.order,
    limit: query.limit,
    offset: query.offset,
  });
  const path = folder ? await pathTo(useCase, folder) : [];
  return { items: page.items.map((item) => withRole(access, item)), total: page.total, folder: folder ? withRole(access, folder) : null, path };
}

/** The folders from the top down to the item, the item included. */
async function pathTo(useCase: UseCase, item: ItemRecord): Promise<ItemRecord[]> {
  const byId = new Map((await findItems(useCase.tx, item.ancestorIds)).map((found) => [found.id, found]));
  return [...item.ancestorIds.map((id) => byId.get(id)).filter((found) => found !== undefined), item];
}

export async function getItem(useCase: UseCase, id: string): Promise<ItemWithRole> {
  const access = await libraryAccessOf(useCase);
  return itemFor(useCase, access, id, 'view');
}

/**
 * The PDF rendition of an Office file, uploaded beside it (same folder, same name, `.pdf`), when
 * the member may see it; null for other files and when there is none.
 */
export async function renditionOf(useCase: UseCase, id: string): Promise<ItemWithRole | null> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'view');
  if (item.fileKind !== 'office') return null;
  const pdf = await findPdfBeside(useCase.tx, item);
  return pdf ? itemFor(useCase, access, pdf.id, 'view').catch(() => null) : null;
}

/**
 * The rendition a visitor without membership sees (through a share link or a guest's review link):
 * the PDF beside an Office file, unless it is restricted to named members.
 */
export async function visitorRenditionOf(tx: Orm, item: ItemRecord): Promise<ItemRecord | null> {
  const pdf = item.fileKind === 'office' ? await findPdfBeside(tx, item) : undefined;
  return pdf && !pdf.restricted ? pdf : null;
}

async function reread(useCase: UseCase, access: LibraryAccess, id: string): Promise<ItemWithRole> {
  return withRole(access, (await findItem(useCase.tx, id))!);
}

export async function createFolder(useCase: UseCase, unchecked: CreateFolderInput): Promise<ItemWithRole> {
  const input = createFolderInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const parent = await targetFolder(useCase, access, input.parentId);
  const id = await insertItem(useCase.tx, { parentId: parent?.id ?? null, ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [], kind: input.kind, name: input.name, ownerId: useCase.user.id });
  return reread(useCase, access, id);
}

export async function changeItem(useCase: UseCase, id: string, unchecked: UpdateItemInput): Promise<ItemWithRole> {
  const input = updateItemInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'edit', { lock: true });
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: id }]);
  await updateItem(useCase.tx, id, input);
  return reread(useCase, access, id);
}

export async function moveItem(useCase: UseCase, id: string, unchecked: { parentId: string | null }): Promise<ItemWithRole> {
  const input = moveItemInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'edit', { lock: true });
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: id }]);
  const parent = await targetFolder(useCase, access, input.parentId);
  if (parent && (parent.id === item.id || parent.ancestorIds.includes(item.id))) throw new AppError('SPACE_MOVE_INTO_ITSELF', [{ field: 'parentId', value: parent.id }]);
  await moveItemRow(useCase.tx, item, parent);
  return reread(useCase, access, id);
}

/**
 * Copies a file (its current version: the same stored bytes, no byte is written again) or a
 * folder with everything in it that the member can see. The copies are the member's and count
 * against the quota like any upload.
 */
export async function copyItem(useCase: UseCase, id: string, unchecked: { parentId: string | null; name?: string }): Promise<ItemWithRole> {
  const input = copyItemInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'view');
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: id }]);
  const parent = await targetFolder(useCase, access, input.parentId);
  if (parent && (parent.id === item.id || parent.ancestorIds.includes(item.id))) throw new AppError('SPACE_MOVE_INTO_ITSELF', [{ field: 'parentId', value: parent.id }]);
  const subtree = item.kind === 'file' ? [] : await descendantsVisible(useCase, access, item);
  const bytes = [item, ...subtree].reduce((sum, entry) => sum + (entry.kind === 'file' ? entry.size : 0), 0);
  await assertQuota(useCase, bytes, 'id');
  const copyId = await copyOne(useCase, item, parent, input.name ?? item.name);
  // Parents come before their children (shorter ways down first).
  const copies = new Map<string, { id: string; ancestorIds: string[] }>([[item.id, { id: copyId, ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [] }]]);
  for (const entry of subtree.sort((a, b) => a.ancestorIds.length - b.ancestorIds.length)) {
    const newParent = copies.get(entry.parentId!);
    if (!newParent) continue;
    const newId = await copyOne(useCase, entry, newParent, entry.name);
    copies.set(entry.id, { id: newId, ancestorIds: [...newParent.ancestorIds, newParent.id] });
  }
  return reread(useCase, access, copyId);
}

async function descendantsVisible(useCase: UseCase, access: LibraryAccess, folder: ItemRecord): Promise<ItemRecord[]> {
  const { items } = await listItems(useCase.tx, { parentId: undefined, hidden: hiddenItems(access), sort: 'name', order: 'asc', limit: 100_000, offset: 0 });
  return items.filter((entry) => entry.ancestorIds.includes(folder.id));
}

async function copyOne(useCase: UseCase, item: ItemRecord, parent: { id: string; ancestorIds: string[] } | null, name: string): Promise<string> {
  const newId = await insertItem(useCase.tx, {
    parentId: parent?.id ?? null,
    ancestorIds: parent ? [...parent.ancestorIds, parent.id] : [],
    kind: item.kind,
    name,
    ownerId: useCase.user.id,
    tags: item.tags,
    fileKind: item.fileKind,
    mediaType: item.mediaType,
  });
  if (item.kind === 'file' && item.currentVersionId) {
    const version = (await listVersions(useCase.tx, item.id)).find((v) => v.id === item.currentVersionId)!;
    await insertVersion(useCase.tx, newId, { fileName: version.fileName, fileKind: version.fileKind, mediaType: version.mediaType, size: version.size, uploadedBy: useCase.user.id }, await versionChunks(useCase.tx, version.id));
  }
  return newId;
}

export async function trashItem(useCase: UseCase, id: string): Promise<void> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'edit', { lock: true });
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: id }]);
  await trashSubtree(useCase.tx, id);
  await endCoursePlaysTrashedWith(useCase.tx, id);
}

export async function restoreItem(useCase: UseCase, id: string): Promise<ItemWithRole> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'edit', { lock: true });
  if (!item.trashedAt || item.trashedWith !== item.id) throw new AppError('SPACE_ITEM_NOT_IN_TRASH', [{ field: 'id', value: id }]);
  // Its folder may have gone to the trash since (or been purged): then it comes back at the top.
  const parent = item.parentId ? await findItem(useCase.tx, item.parentId) : null;
  if (item.parentId && (!parent || parent.trashedAt)) await moveItemRow(useCase.tx, item, null);
  await restoreSubtree(useCase.tx, id);
  return reread(useCase, access, id);
}

export async function trashOf(useCase: UseCase): Promise<ItemWithRole[]> {
  const access = await libraryAccessOf(useCase);
  const items = await listTrash(useCase.tx, hiddenItems(access));
  return items.map((item) => ({ item, role: roleOn(access, item) })).filter((entry): entry is ItemWithRole => entry.role !== null);
}

export async function purgeItem(useCase: UseCase, id: string): Promise<void> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'purge', { lock: true });
  if (!item.trashedAt || item.trashedWith !== item.id) throw new AppError('SPACE_ITEM_NOT_IN_TRASH', [{ field: 'id', value: id }]);
  await deleteItemForGood(useCase.tx, id);
  await insertActorEvent(useCase.tx, useCase, 'space.item_purged', { type: 'space_item', id }, { name: item.name, kind: item.kind });
}

// --- versions and content ---

export async function versionsOf(useCase: UseCase, id: string): Promise<{ item: ItemRecord; versions: VersionRecord[] }> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'view');
  if (item.kind !== 'file') throw new AppError('SPACE_NOT_A_FILE', [{ field: 'id', value: id }]);
  return { item, versions: await listVersions(useCase.tx, id) };
}

/** Makes an older version current again, as a new version (the history keeps every step). */
export async function restoreVersion(useCase: UseCase, id: string, number: number): Promise<ItemWithRole> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'edit', { lock: true });
  if (item.kind !== 'file') throw new AppError('SPACE_NOT_A_FILE', [{ field: 'id', value: id }]);
  if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'id', value: id }]);
  const version = await findVersion(useCase.tx, id, number);
  if (!version) throw new AppError('SPACE_VERSION_NOT_FOUND', [{ field: 'number', value: String(number) }]);
  await assertQuota(useCase, version.size, 'number');
  await insertVersion(useCase.tx, id, { fileName: version.fileName, fileKind: version.fileKind, mediaType: version.mediaType, size: version.size, uploadedBy: useCase.user.id, restoredFrom: version.number }, await versionChunks(useCase.tx, version.id));
  return reread(useCase, access, id);
}

/** A version's bytes as the store holds them: its chunks in order. */
export async function contentOf(useCase: UseCase, id: string, number: number | undefined, action: 'view' | 'edit' = 'view'): Promise<{ item: ItemRecord; version: VersionRecord; chunks: ChunkRecord[] }> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, action);
  if (item.kind !== 'file' || !item.currentVersion) throw new AppError('SPACE_NOT_A_FILE', [{ field: 'id', value: id }]);
  const version = await findVersion(useCase.tx, id, number ?? item.currentVersion);
  if (!version) throw new AppError('SPACE_VERSION_NOT_FOUND', [{ field: 'version', value: String(number) }]);
  return { item, version, chunks: await versionChunks(useCase.tx, version.id) };
}

/** Refuses `bytes` more when the library would go over the site's quota. */
export async function assertQuota(useCase: UseCase, bytes: number, field: string): Promise<void> {
  const { quotaBytes } = sectionSettingsOf(useCase.tenant, spaceSettings);
  if ((await storageUsed(useCase.tx)) + bytes > quotaBytes) throw new AppError('SPACE_QUOTA_EXCEEDED', [{ field, value: String(bytes) }]);
}

// --- access ---

export async function accessOf(useCase: UseCase, id: string): Promise<{ item: ItemRecord; rows: AccessRow[]; inheritedFrom: ItemRecord | null }> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'view');
  const rows = await accessRowsOf(useCase.tx, [item.id]);
  const restrictedAbove = (await findItems(useCase.tx, item.ancestorIds)).filter((above) => above.restricted).sort((a, b) => b.ancestorIds.length - a.ancestorIds.length);
  return { item, rows, inheritedFrom: restrictedAbove[0] ?? null };
}

/**
 * Restricts an item to named members and groups (or opens it to everyone who reaches its folder).
 * Only Space admins and owners decide this, and a role named here never exceeds the member's
 * workspace role in effect (item-access.ts narrows it), so nobody widens their own reach.
 */
export async function setAccess(useCase: UseCase, id: string, unchecked: SetAccessInput): Promise<void> {
  const input = setAccessInput.parse(unchecked);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, id, 'manageAccess', { lock: true });
  for (const [index, entry] of input.entries.entries()) {
    const known = entry.userId ? (await findMemberRole(useCase.tx, entry.userId)) !== undefined : await groupExists(useCase.tx, entry.groupId!);
    if (!known) throw new AppError('SPACE_ACCESS_ENTRY_UNKNOWN', [{ field: `entries.${index}`, value: entry.userId ?? entry.groupId ?? '' }]);
    if (!atLeast(access.workspaceRole, entry.role)) throw new AppError('SPACE_ROLE_ABOVE_OWN', [{ field: `entries.${index}.role`, value: entry.role }]);
  }
  await replaceAccess(useCase.tx, item.id, input.restricted, input.entries);
  await insertActorEvent(useCase.tx, useCase, 'space.access_changed', { type: 'space_item', id }, { restricted: input.restricted, entries: input.entries.length });
}
