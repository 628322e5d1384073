import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid, boolean, check, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { users } from '../../platform/identity/identity.schema.js';
import { courseCategories } from '../categories/categories.schema.js';

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/** What a content item plays: SCORM now; the others are the room left for later issues. */
export const CONTENT_KINDS = ['scorm', 'xapi', 'cmi5', 'video', 'pdf'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Tenant-owned: row-level security in migrations/0005_learn_rls.sql. */
export const courses = pgTable(
  'courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The course's category; deleting the category leaves the course uncategorised (SET NULL of this column only, migrations/0025). */
    categoryId: uuid('category_id'),
    /** BCP 47 language tag of the content ("de", "en-GB"). */
    language: text('language'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: COURSE_STATUSES }).notNull().default('draft'),
    /** Learners may enrol themselves from the catalogue (published courses only). */
    selfEnrolment: boolean('self_enrolment').notNull().default(false),
    /** Storage key of the cover image, when there is one. */
    coverKey: text('cover_key'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('courses_tenant_id_id_key').on(t.tenantId, t.id),
    index('courses_tenant_status_idx').on(t.tenantId, t.status),
    index('courses_category_idx').on(t.tenantId, t.categoryId),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [courseCategories.tenantId, courseCategories.id] }).onDelete('set null'),
  ],
);

/** A course's content, in order. Each item has versions; learners start new attempts on the current one. */
export const courseItems = pgTable(
  'course_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    courseId: uuid('course_id').notNull(),
    position: integer('position').notNull().default(0),
    kind: text('kind', { enum: CONTENT_KINDS }).notNull(),
    title: text('title').notNull(),
    /** The version new attempts start on; null until the first upload succeeded. */
    currentVersionId: uuid('current_version_id').references((): AnyPgColumn => contentVersions.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('course_items_tenant_id_id_key').on(t.tenantId, t.id),
    index('course_items_course_idx').on(t.courseId),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
  ],
);

/** One uploaded version of an item's content (a SCORM package), kept while attempts use it. */
export const contentVersions = pgTable(
  'content_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** Null only for a preview-only version (previewOf): a package another area shows in the player, part of no course. */
    itemId: uuid('item_id'),
    courseId: uuid('course_id'),
    /** 1, 2, 3… per item. */
    version: integer('version').notNull(),
    kind: text('kind', { enum: CONTENT_KINDS }).notNull(),
    /** '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th' for SCORM. */
    scormVersion: text('scorm_version'),
    title: text('title').notNull(),
    /** The parsed manifest (PackageManifest): organizations, items, launch addresses, sequencing. */
    manifest: jsonb('manifest').notNull(),
    /** The validation report's warnings, shown to the uploader and in the version list. */
    warnings: jsonb('warnings').notNull().default(sql`'[]'::jsonb`),
    /** Where the unpacked files live in file storage. */
    storageKey: text('storage_key').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    fileCount: integer('file_count').notNull(),
    uploadedBy: uuid('uploaded_by'),
    /** Where the package came from when another part of Lectern published it (Space's library): what people read, and a reference. */
    sourceLabel: text('source_label'),
    sourceRef: text('source_ref'),
    /**
     * Set on a preview-only version, which belongs to no course: the other area's reference of the
     * package it previews (Space: `space:<version id>`), one version per reference.
     */
    previewOf: text('preview_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('content_versions_tenant_id_id_key').on(t.tenantId, t.id),
    unique('content_versions_preview_of_key').on(t.tenantId, t.previewOf),
    check('content_versions_course_or_preview', sql`(${t.courseId} is not null and ${t.itemId} is not null and ${t.previewOf} is null) or (${t.courseId} is null and ${t.itemId} is null and ${t.previewOf} is not null)`),
    unique('content_versions_item_version_key').on(t.itemId, t.version),
    index('content_versions_course_idx').on(t.courseId),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [courseItems.tenantId, courseItems.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
  ],
);

export const UPLOAD_STATUSES = ['receiving', 'importing', 'done', 'failed'] as const;

/** A resumable (chunked) package upload in progress; the bytes live in file storage until imported. */
export const packageUploads = pgTable(
  'package_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** The course the package goes to; null: a new course is created from the manifest. */
    courseId: uuid('course_id'),
    userId: uuid('user_id').notNull(),
    fileName: text('file_name').notNull(),
    totalBytes: bigint('total_bytes', { mode: 'number' }).notNull(),
    receivedBytes: bigint('received_bytes', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: UPLOAD_STATUSES }).notNull().default('receiving'),
    /** The imported version, once done. */
    versionId: uuid('version_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('package_uploads_expires_idx').on(t.expiresAt),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
  ],
);

/** The files of an unpacked content version: each path names a blob in the store. */
export const contentFiles = pgTable(
  'content_files',
  {
    tenantId: tenantIdColumn(),
    versionId: uuid('version_id').notNull(),
    /** The path inside the package, '/'-separated, as the manifest and the content refer to it. */
    path: text('path').notNull(),
    /** SHA-256 of the file's bytes: the blob in the store. */
    blobHash: text('blob_hash').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.path] }),
    index('content_files_blob_idx').on(t.tenantId, t.blobHash),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [contentVersions.tenantId, contentVersions.id] }).onDelete('cascade'),
  ],
);

/** The bytes a resumable upload has received, as consecutive blobs: `firstByte` is where each starts. */
export const packageUploadChunks = pgTable(
  'package_upload_chunks',
  {
    tenantId: tenantIdColumn(),
    uploadId: uuid('upload_id').notNull(),
    firstByte: bigint('first_byte', { mode: 'number' }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    blobHash: text('blob_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.uploadId, t.firstByte] }),
    index('package_upload_chunks_blob_idx').on(t.tenantId, t.blobHash),
    foreignKey({ columns: [t.uploadId], foreignColumns: [packageUploads.id] }).onDelete('cascade'),
  ],
);
