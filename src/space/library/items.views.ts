import type { AccessView, ItemView, SpaceUploadView, VersionView } from './library.contract.js';
import type { AccessRow, ItemRecord, VersionRecord } from './items.repository.js';
import type { ItemWithRole } from './items.service.js';
import type { SpaceUploadRow } from './uploads.repository.js';

/** A person's name as lists show it. */
const fullName = (first: string | null, last: string | null) => `${first ?? ''} ${last ?? ''}`.trim();

export function itemViewOf({ item, role }: ItemWithRole): ItemView {
  return {
    id: item.id,
    parentId: item.parentId,
    kind: item.kind,
    name: item.name,
    fileKind: item.fileKind,
    mediaType: item.mediaType,
    size: item.size,
    tags: item.tags,
    owner: { id: item.ownerId, name: fullName(item.ownerFirstName, item.ownerLastName) },
    restricted: item.restricted,
    currentVersion: item.currentVersion,
    hasThumbnail: item.hasThumbnail,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    trashedAt: item.trashedAt?.toISOString() ?? null,
    role,
  };
}

export const breadcrumbOf = (item: ItemRecord) => ({ id: item.id, name: item.name, kind: item.kind });

export function versionViewOf(version: VersionRecord, currentVersionId: string | null): VersionView {
  return {
    id: version.id,
    number: version.number,
    fileName: version.fileName,
    fileKind: version.fileKind,
    mediaType: version.mediaType,
    size: version.size,
    uploadedBy: version.uploadedBy ? { id: version.uploadedBy, name: fullName(version.uploaderFirstName, version.uploaderLastName) } : null,
    createdAt: version.createdAt.toISOString(),
    restoredFrom: version.restoredFrom,
    current: version.id === currentVersionId,
  };
}

export function spaceUploadViewOf(upload: SpaceUploadRow): SpaceUploadView {
  return { id: upload.id, fileName: upload.fileName, totalBytes: upload.totalBytes, receivedBytes: upload.receivedBytes, status: upload.status, expiresAt: upload.expiresAt.toISOString() };
}

export function accessViewOf(item: ItemRecord, rows: AccessRow[], inheritedFrom: ItemRecord | null): AccessView {
  return {
    restricted: item.restricted,
    entries: rows.map((row) => ({
      id: row.id,
      user: row.userId ? { id: row.userId, name: fullName(row.userFirstName, row.userLastName) } : null,
      group: row.groupId ? { id: row.groupId, name: row.groupName ?? '' } : null,
      role: row.role,
    })),
    inheritedFrom: inheritedFrom ? breadcrumbOf(inheritedFrom) : null,
  };
}
