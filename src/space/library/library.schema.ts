import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/identity/identity.schema.js';
import { groups } from '../../platform/groups/groups.schema.js';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { SPACE_ROLES } from '../workspace/space-roles.js';
import { FILE_KINDS, ITEM_KINDS, SPACE_UPLOAD_STATUSES } from './library.contract.js';

/**
 * An entry of a site's Space library: a folder, a project (a folder that stands for one piece of
 * work) or a file. A file's bytes are its versions'; the item carries the current one's size and
 * kind so a folder of 10,000 items lists from this table alone. Trashing a folder trashes what is
 * under it with the same `trashedWith`, so a restore brings back exactly that.
 */
export const spaceItems = pgTable(
  'space_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** The folder or project it is in; null: the library's top. */
    parentId: uuid('parent_id'),
    /** The folders and projects above it, from the top down to the parent: whose access and trash reach it. */
    ancestorIds: uuid('ancestor_ids').array().notNull().default(sql`'{}'::uuid[]`),
    kind: text('kind', { enum: ITEM_KINDS }).notNull(),
    name: text('name').notNull(),
    /** What a file is by its bytes (never by its name); null for folders and projects. */
    fileKind: text('file_kind', { enum: FILE_KINDS }),
    mediaType: text('media_type'),
    /** The current version's size in bytes (0 for folders). */
    size: bigint('size', { mode: 'number' }).notNull().default(0),
    currentVersionId: uuid('current_version_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    ownerId: uuid('owner_id').notNull(),
    /** Open only to the members and groups its access rows name (narrowing what it inherits). */
    restricted: boolean('restricted').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    trashedAt: timestamp('trashed_at', { withTimezone: true }),
    /** The item whose trashing took this one with it (itself when trashed on its own). */
    trashedWith: uuid('trashed_with'),
  },
  (t) => [
    // The folder list and its sort orders read these; names compare case-insensitively.
    index('space_items_parent_name_idx').on(t.tenantId, t.parentId, sql`lower(${t.name})`, t.id).where(sql`${t.trashedAt} is null`),
    index('space_items_parent_updated_idx').on(t.tenantId, t.parentId, t.updatedAt, t.id).where(sql`${t.trashedAt} is null`),
    unique('space_items_tenant_id_id_key').on(t.tenantId, t.id),
    // Keys name the tenant too: a key check does not pass row-level security, so a bare id could point into another site.
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }).onDelete('cascade'),
    index('space_items_trash_idx').on(t.tenantId, t.trashedAt).where(sql`${t.trashedAt} is not null`),
    index('space_items_tags_idx').using('gin', t.tags),
    index('space_items_ancestors_idx').using('gin', t.ancestorIds),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    check('space_items_name_check', sql`length(${t.name}) between 1 and 255`),
  ],
);

/** One uploaded state of a file: its bytes are the ordered chunks below (by content address). */
export const spaceVersions = pgTable(
  'space_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    number: integer('number').notNull(),
    fileName: text('file_name').notNull(),
    fileKind: text('file_kind', { enum: FILE_KINDS }).notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The version this one was restored from, when it is a restore. */
    restoredFrom: integer('restored_from'),
    /** The blob of its small picture for lists (an image's, made the first time it is asked for). */
    thumbnailHash: text('thumbnail_hash'),
  },
  (t) => [
    unique('space_versions_item_number_key').on(t.itemId, t.number),
    unique('space_versions_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
  ],
);

/** The bytes of a version, in order: each chunk is a blob of the store (content-addressed). */
export const spaceVersionChunks = pgTable(
  'space_version_chunks',
  {
    tenantId: tenantIdColumn(),
    versionId: uuid('version_id').notNull(),
    firstByte: bigint('first_byte', { mode: 'number' }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    blobHash: text('blob_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.firstByte] }),
    index('space_version_chunks_blob_idx').on(t.tenantId, t.blobHash),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [spaceVersions.tenantId, spaceVersions.id] }).onDelete('cascade'),
  ],
);

/** Who may reach a restricted folder, project or file, with which role: a member or a group. */
export const spaceItemAccess = pgTable(
  'space_item_access',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    userId: uuid('user_id'),
    groupId: uuid('group_id'),
    role: text('role', { enum: SPACE_ROLES }).notNull(),
  },
  (t) => [
    index('space_item_access_item_idx').on(t.itemId),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
    unique('space_item_access_user_key').on(t.itemId, t.userId),
    unique('space_item_access_group_key').on(t.itemId, t.groupId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('cascade'),
    check('space_item_access_one_principal', sql`(${t.userId} is null) <> (${t.groupId} is null)`),
  ],
);

/** A resumable upload into the library: a new file in a folder, or a new version of a file. */
export const spaceUploads = pgTable(
  'space_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    folderId: uuid('folder_id'),
    /** The file a new version goes to; null: a new file in `folderId`. */
    itemId: uuid('item_id'),
    fileName: text('file_name').notNull(),
    totalBytes: bigint('total_bytes', { mode: 'number' }).notNull(),
    receivedBytes: bigint('received_bytes', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: SPACE_UPLOAD_STATUSES }).notNull().default('receiving'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('space_uploads_expires_idx').on(t.expiresAt),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    unique('space_uploads_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({ columns: [t.tenantId, t.folderId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
  ],
);

export const spaceUploadChunks = pgTable(
  'space_upload_chunks',
  {
    tenantId: tenantIdColumn(),
    uploadId: uuid('upload_id').notNull(),
    firstByte: bigint('first_byte', { mode: 'number' }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    blobHash: text('blob_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.uploadId, t.firstByte] }),
    index('space_upload_chunks_blob_idx').on(t.tenantId, t.blobHash),
    foreignKey({ columns: [t.tenantId, t.uploadId], foreignColumns: [spaceUploads.tenantId, spaceUploads.id] }).onDelete('cascade'),
  ],
);
