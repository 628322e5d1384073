import { alias } from 'drizzle-orm/pg-core';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { qualified, type Orm } from '../../platform/db/index.js';
import { groupMembers, groups } from '../../platform/groups/groups.schema.js';
import { users } from '../../platform/identity/identity.schema.js';
import type { SpaceRole } from '../workspace/space-roles.js';
import type { FileKind, ItemKind } from './library.contract.js';
import { spaceCommentAttachments } from '../review/review.schema.js';
import { spaceItemAccess, spaceItems, spaceUploadChunks, spaceUploads, spaceVersionChunks, spaceVersions } from './library.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface ItemRecord {
  id: string;
  parentId: string | null;
  ancestorIds: string[];
  kind: ItemKind;
  name: string;
  fileKind: FileKind | null;
  mediaType: string | null;
  size: number;
  tags: string[];
  ownerId: string;
  ownerFirstName: string;
  ownerLastName: string;
  restricted: boolean;
  currentVersionId: string | null;
  currentVersion: number | null;
  /** The current version has a small picture (an image's, made on the server, or a video's or PDF's, made by a member's browser). */
  hasThumbnail: boolean;
  createdAt: Date;
  updatedAt: Date;
  trashedAt: Date | null;
  trashedWith: string | null;
}

/** The item's current version, joined beside it (null for folders and projects). */
const currentVersions = alias(spaceVersions, 'current_version');

const itemColumns = {
  id: spaceItems.id,
  parentId: spaceItems.parentId,
  ancestorIds: spaceItems.ancestorIds,
  kind: spaceItems.kind,
  name: spaceItems.name,
  fileKind: spaceItems.fileKind,
  mediaType: spaceItems.mediaType,
  size: spaceItems.size,
  tags: spaceItems.tags,
  ownerId: spaceItems.ownerId,
  ownerFirstName: users.firstName,
  ownerLastName: users.lastName,
  restricted: spaceItems.restricted,
  currentVersionId: spaceItems.currentVersionId,
  // From the one join of the current version (`withCurrentVersion`), not a query per row each.
  currentVersion: currentVersions.number,
  hasThumbnail: sql<boolean>`${currentVersions.thumbnailHash} is not null`,
  createdAt: spaceItems.createdAt,
  updatedAt: spaceItems.updatedAt,
  trashedAt: spaceItems.trashedAt,
  trashedWith: spaceItems.trashedWith,
};

const selectItems = (tx: Orm) =>
  tx.select(itemColumns).from(spaceItems).innerJoin(users, eq(users.id, spaceItems.ownerId)).leftJoin(currentVersions, eq(currentVersions.id, spaceItems.currentVersionId));

export async function findItem(tx: Orm, id: string, options: { lock?: boolean } = {}): Promise<ItemRecord | undefined> {
  const query = selectItems(tx).where(eq(spaceItems.id, id));
  const [row] = options.lock ? await query.for('update', { of: spaceItems }) : await query;
  return row;
}

/**
 * The PDF beside an Office file: a live PDF in the same folder with the same name but for its
 * extension (`Report.docx` → `Report.pdf`, letter case aside), the newest when there are several.
 */
export async function findPdfBeside(tx: Orm, item: Pick<ItemRecord, 'id' | 'parentId' | 'name'>): Promise<ItemRecord | undefined> {
  const base = item.name.replace(/\.[^.]*$/, '');
  const [row] = await selectItems(tx)
    .where(
      and(
        item.parentId === null ? isNull(spaceItems.parentId) : eq(spaceItems.parentId, item.parentId),
        isNull(spaceItems.trashedAt),
        sql`${spaceItems.fileKind} = 'pdf'`,
        sql`lower(${spaceItems.name}) = lower(${`${base}.pdf`})`,
      ),
    )
    .orderBy(desc(spaceItems.updatedAt))
    .limit(1);
  return row;
}

/** The items with these ids (the way to an item from the top, for breadcrumbs and access). */
export function findItems(tx: Orm, ids: readonly string[]): Promise<ItemRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectItems(tx).where(inArray(spaceItems.id, [...ids]));
}

export interface ItemFilter {
  /** The folder's entries (null: the top) or, when undefined, the whole library. */
  parentId: string | null | undefined;
  q?: string | undefined;
  kind?: ItemKind | undefined;
  fileKind?: FileKind | undefined;
  tag?: string | undefined;
  ownerId?: string | undefined;
  updatedFrom?: Date | undefined;
  updatedTo?: Date | undefined;
  /** Restricted items the member may not reach: they and what is under them are left out. */
  hidden: readonly string[];
  sort: 'name' | 'updated' | 'size' | 'kind';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page of live (not trashed) items and how many match in all. */
export async function listItems(tx: Orm, filter: ItemFilter): Promise<{ items: ItemRecord[]; total: number }> {
  const conditions: (SQL | undefined)[] = [isNull(spaceItems.trashedAt)];
  if (filter.parentId !== undefined) conditions.push(filter.parentId === null ? isNull(spaceItems.parentId) : eq(spaceItems.parentId, filter.parentId));
  if (filter.q) conditions.push(sql`lower(${spaceItems.name}) like ${likePattern(filter.q)}`);
  if (filter.kind) conditions.push(eq(spaceItems.kind, filter.kind));
  if (filter.fileKind) conditions.push(eq(spaceItems.fileKind, filter.fileKind));
  if (filter.tag) conditions.push(sql`${spaceItems.tags} @> array[${filter.tag}]::text[]`);
  if (filter.ownerId) conditions.push(eq(spaceItems.ownerId, filter.ownerId));
  if (filter.updatedFrom) conditions.push(gte(spaceItems.updatedAt, filter.updatedFrom));
  if (filter.updatedTo) conditions.push(lt(spaceItems.updatedAt, filter.updatedTo));
  if (filter.hidden.length > 0) {
    const hidden = sql`array[${sql.join(
      filter.hidden.map((id) => sql`${id}`),
      sql`, `,
    )}]::uuid[]`;
    conditions.push(sql`not (${spaceItems.id} = any(${hidden}) or ${spaceItems.ancestorIds} && ${hidden})`);
  }
  const direction = filter.order === 'asc' ? asc : desc;
  const byName = [direction(sql`lower(${spaceItems.name})`), direction(spaceItems.id)];
  const orderBy = {
    name: byName,
    updated: [direction(spaceItems.updatedAt), direction(spaceItems.id)],
    size: [direction(spaceItems.size), ...byName],
    // Folders and projects before files, whichever the order of the names.
    kind: [sql`${spaceItems.kind} = 'file'`, direction(spaceItems.fileKind), ...byName],
  }[filter.sort];
  const rows = await tx
    .select({ ...itemColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(spaceItems)
    .innerJoin(users, eq(users.id, spaceItems.ownerId))
    .leftJoin(currentVersions, eq(currentVersions.id, spaceItems.currentVersionId))
    .where(and(...conditions))
    .orderBy(...orderBy)
    .limit(filter.limit)
    .offset(filter.offset);
  const total = rows[0]?.total ?? (filter.offset > 0 ? await countItems(tx, conditions) : 0);
  return { items: rows.map(({ total: _total, ...item }) => item), total };
}

async function countItems(tx: Orm, conditions: (SQL | undefined)[]): Promise<number> {
  const [row] = await tx.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(spaceItems).where(and(...conditions));
  return row?.count ?? 0;
}

/** The items trashed on their own (what was in a trashed folder comes back with it), newest first. */
export function listTrash(tx: Orm, hidden: readonly string[]): Promise<ItemRecord[]> {
  const conditions: SQL[] = [isNotNull(spaceItems.trashedAt), sql`${spaceItems.trashedWith} = ${spaceItems.id}`];
  if (hidden.length > 0) conditions.push(sql`not (${spaceItems.id} = any(${sql`array[${sql.join(hidden.map((id) => sql`${id}`), sql`, `)}]::uuid[]`}))`);
  return selectItems(tx)
    .where(and(...conditions))
    .orderBy(desc(spaceItems.trashedAt), desc(spaceItems.id))
    .limit(1000);
}

export async function insertItem(
  tx: Orm,
  input: { parentId: string | null; ancestorIds: string[]; kind: ItemKind; name: string; ownerId: string; tags?: string[]; fileKind?: FileKind | null; mediaType?: string | null },
): Promise<string> {
  const [row] = await tx.insert(spaceItems).values(input).returning({ id: spaceItems.id });
  if (!row) throw new Error('insert into space_items returned no row');
  return row.id;
}

export async function updateItem(tx: Orm, id: string, changes: { name?: string; tags?: string[] }): Promise<void> {
  await tx
    .update(spaceItems)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(spaceItems.id, id));
}

/** Moves the item under a new parent; what is under it keeps its place below it. */
export async function moveItemRow(tx: Orm, item: { id: string; ancestorIds: string[] }, parent: { id: string; ancestorIds: string[] } | null): Promise<void> {
  const newAncestors = parent ? [...parent.ancestorIds, parent.id] : [];
  await tx
    .update(spaceItems)
    .set({ parentId: parent?.id ?? null, ancestorIds: sql`${sql.param(newAncestors)}::uuid[]`, updatedAt: sql`now()` })
    .where(eq(spaceItems.id, item.id));
  // Descendants: replace the old way down to the item with the new one.
  const depth = item.ancestorIds.length;
  await tx
    .update(spaceItems)
    .set({ ancestorIds: sql`${sql.param([...newAncestors])}::uuid[] || ${spaceItems.ancestorIds}[${depth + 1}:]` })
    .where(sql`${spaceItems.ancestorIds} @> array[${item.id}]::uuid[]`);
}

/** The item and everything under it that is not in the trash already, marked as trashed with it. */
export async function trashSubtree(tx: Orm, id: string): Promise<void> {
  await tx
    .update(spaceItems)
    .set({ trashedAt: sql`now()`, trashedWith: id })
    .where(and(isNull(spaceItems.trashedAt), sql`(${spaceItems.id} = ${id} or ${spaceItems.ancestorIds} @> array[${id}]::uuid[])`));
}

export async function restoreSubtree(tx: Orm, id: string): Promise<void> {
  await tx.update(spaceItems).set({ trashedAt: null, trashedWith: null, updatedAt: sql`now()` }).where(eq(spaceItems.trashedWith, id));
}

/** Deletes the item for good (its versions, chunks and access rows go with it; the blobs are collected by the store). */
export async function deleteItemRow(tx: Orm, id: string): Promise<void> {
  await tx.delete(spaceItems).where(eq(spaceItems.id, id));
}

/** The ids of every version of an item and of everything inside it (what deleting the item deletes). */
export async function versionIdsUnder(tx: Orm, id: string): Promise<string[]> {
  const rows = await tx
    .select({ id: spaceVersions.id })
    .from(spaceVersions)
    .innerJoin(spaceItems, eq(spaceItems.id, spaceVersions.itemId))
    .where(or(eq(spaceItems.id, id), sql`${id}::uuid = any(${spaceItems.ancestorIds})`));
  return rows.map((row) => row.id);
}

/** Items trashed on their own before `before`. */
export async function listExpiredTrash(tx: Orm, before: Date): Promise<{ id: string }[]> {
  return tx
    .select({ id: spaceItems.id })
    .from(spaceItems)
    .where(and(lte(spaceItems.trashedAt, before), sql`${spaceItems.trashedWith} = ${spaceItems.id}`))
    .limit(1000);
}

/** Every version counts, in the trash too, what uploads under way have announced, and comments' attachments. */
export async function storageUsed(tx: Orm): Promise<number> {
  const [row] = await tx
    .select({
      used: sql<string>`coalesce((select sum(${qualified(spaceVersions.size)}) from ${spaceVersions}), 0) + coalesce((select sum(${qualified(spaceUploads.totalBytes)}) from ${spaceUploads} where ${qualified(spaceUploads.status)} in ('receiving', 'completing') and ${qualified(spaceUploads.expiresAt)} > now()), 0) + coalesce((select sum(${qualified(spaceCommentAttachments.size)}) from ${spaceCommentAttachments}), 0)`,
    })
    .from(sql`(select 1) as one`);
  return Number(row?.used ?? 0);
}

// --- access ---

export interface AccessRow {
  id: string;
  itemId: string;
  userId: string | null;
  userFirstName: string | null;
  userLastName: string | null;
  groupId: string | null;
  groupName: string | null;
  role: SpaceRole;
}

export function accessRowsOf(tx: Orm, itemIds: readonly string[]): Promise<AccessRow[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return tx
    .select({
      id: spaceItemAccess.id,
      itemId: spaceItemAccess.itemId,
      userId: spaceItemAccess.userId,
      userFirstName: users.firstName,
      userLastName: users.lastName,
      groupId: spaceItemAccess.groupId,
      groupName: groups.name,
      role: spaceItemAccess.role,
    })
    .from(spaceItemAccess)
    .leftJoin(users, eq(users.id, spaceItemAccess.userId))
    .leftJoin(groups, eq(groups.id, spaceItemAccess.groupId))
    .where(inArray(spaceItemAccess.itemId, [...itemIds]));
}

/** Every restricted item of the library with the way to it (few: a team restricts some folders). */
export function listRestrictedItems(tx: Orm): Promise<{ id: string; ancestorIds: string[] }[]> {
  return tx.select({ id: spaceItems.id, ancestorIds: spaceItems.ancestorIds }).from(spaceItems).where(eq(spaceItems.restricted, true));
}

export async function groupIdsOf(tx: Orm, userId: string): Promise<string[]> {
  const rows = await tx.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, userId));
  return rows.map((row) => row.groupId);
}

export async function groupExists(tx: Orm, groupId: string): Promise<boolean> {
  const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId));
  return row !== undefined;
}

export async function replaceAccess(tx: Orm, itemId: string, restricted: boolean, entries: { userId: string | null; groupId: string | null; role: SpaceRole }[]): Promise<void> {
  await tx.update(spaceItems).set({ restricted }).where(eq(spaceItems.id, itemId));
  await tx.delete(spaceItemAccess).where(eq(spaceItemAccess.itemId, itemId));
  if (entries.length > 0) await tx.insert(spaceItemAccess).values(entries.map((entry) => ({ ...entry, itemId })));
}

// --- versions ---

export interface VersionRecord {
  id: string;
  itemId: string;
  number: number;
  fileName: string;
  fileKind: FileKind;
  mediaType: string;
  size: number;
  uploadedBy: string | null;
  uploaderFirstName: string | null;
  uploaderLastName: string | null;
  createdAt: Date;
  restoredFrom: number | null;
  thumbnailHash: string | null;
}

const versionColumns = {
  id: spaceVersions.id,
  itemId: spaceVersions.itemId,
  number: spaceVersions.number,
  fileName: spaceVersions.fileName,
  fileKind: spaceVersions.fileKind,
  mediaType: spaceVersions.mediaType,
  size: spaceVersions.size,
  uploadedBy: spaceVersions.uploadedBy,
  uploaderFirstName: users.firstName,
  uploaderLastName: users.lastName,
  createdAt: spaceVersions.createdAt,
  restoredFrom: spaceVersions.restoredFrom,
  thumbnailHash: spaceVersions.thumbnailHash,
};

export async function setVersionThumbnail(tx: Orm, versionId: string, blobHash: string): Promise<void> {
  await tx.update(spaceVersions).set({ thumbnailHash: blobHash }).where(eq(spaceVersions.id, versionId));
}

/** Keeps a small picture a member's browser made, unless the version has one already (the first one stays). */
export async function setVersionThumbnailIfNone(tx: Orm, versionId: string, blobHash: string): Promise<void> {
  await tx
    .update(spaceVersions)
    .set({ thumbnailHash: blobHash })
    .where(and(eq(spaceVersions.id, versionId), isNull(spaceVersions.thumbnailHash)));
}

export function listVersions(tx: Orm, itemId: string): Promise<VersionRecord[]> {
  return tx.select(versionColumns).from(spaceVersions).leftJoin(users, eq(users.id, spaceVersions.uploadedBy)).where(eq(spaceVersions.itemId, itemId)).orderBy(desc(spaceVersions.number));
}

export async function findVersion(tx: Orm, itemId: string, number: number): Promise<VersionRecord | undefined> {
  const [row] = await tx
    .select(versionColumns)
    .from(spaceVersions)
    .leftJoin(users, eq(users.id, spaceVersions.uploadedBy))
    .where(and(eq(spaceVersions.itemId, itemId), eq(spaceVersions.number, number)));
  return row;
}

export async function findVersionById(tx: Orm, id: string): Promise<VersionRecord | undefined> {
  const [row] = await tx.select(versionColumns).from(spaceVersions).leftJoin(users, eq(users.id, spaceVersions.uploadedBy)).where(eq(spaceVersions.id, id));
  return row;
}

export interface ChunkRecord {
  firstByte: number;
  size: number;
  blobHash: string;
}

export function versionChunks(tx: Orm, versionId: string): Promise<ChunkRecord[]> {
  return tx
    .select({ firstByte: spaceVersionChunks.firstByte, size: spaceVersionChunks.size, blobHash: spaceVersionChunks.blobHash })
    .from(spaceVersionChunks)
    .where(eq(spaceVersionChunks.versionId, versionId))
    .orderBy(asc(spaceVersionChunks.firstByte));
}

/** Adds a version as the file's newest and current one (the item's kind and size follow it). */
export async function insertVersion(
  tx: Orm,
  itemId: string,
  input: { fileName: string; fileKind: FileKind; mediaType: string; size: number; uploadedBy: string; restoredFrom?: number },
  chunks: readonly ChunkRecord[],
): Promise<VersionRecord> {
  const [next] = await tx.select({ number: sql<number>`coalesce(max(${spaceVersions.number}), 0) + 1` }).from(spaceVersions).where(eq(spaceVersions.itemId, itemId));
  const [row] = await tx
    .insert(spaceVersions)
    .values({ ...input, itemId, number: next!.number })
    .returning({ id: spaceVersions.id });
  const versionId = row!.id;
  if (chunks.length > 0) await tx.insert(spaceVersionChunks).values(chunks.map((chunk) => ({ ...chunk, versionId })));
  await tx
    .update(spaceItems)
    .set({ currentVersionId: versionId, size: input.size, fileKind: input.fileKind, mediaType: input.mediaType, updatedAt: sql`now()` })
    .where(eq(spaceItems.id, itemId));
  return (await findVersionById(tx, versionId))!;
}

/** The blobs of these hashes the library still refers to (versions and uploads under way). */
export async function referencedSpaceBlobs(tx: Orm, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await tx
    .select({ hash: spaceVersionChunks.blobHash })
    .from(spaceVersionChunks)
    .where(inArray(spaceVersionChunks.blobHash, hashes))
    .union(tx.select({ hash: spaceUploadChunks.blobHash }).from(spaceUploadChunks).where(inArray(spaceUploadChunks.blobHash, hashes)))
    .union(tx.select({ hash: spaceCommentAttachments.blobHash }).from(spaceCommentAttachments).where(inArray(spaceCommentAttachments.blobHash, hashes)))
    .union(tx.select({ hash: sql<string>`${spaceVersions.thumbnailHash}` }).from(spaceVersions).where(inArray(spaceVersions.thumbnailHash, hashes)));
  return new Set(rows.map((row) => row.hash));
}
