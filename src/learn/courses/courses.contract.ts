import { z } from 'zod';
import { describedPattern } from '../../platform/http/localised-checks.contract.js';
import { displayName } from '../../platform/names/display-name.contract.js';
import { courseCategoryRef } from '../categories/categories.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

export const COURSE_STATUS_VALUES = ['draft', 'published', 'archived'] as const;
export type CourseStatusValue = (typeof COURSE_STATUS_VALUES)[number];

/** Content types the package upload routes accept (browsers on Windows send the x- form for .zip). */
/** A zip of any format, or a cmi5 course structure alone (its cmi5.xml, cmi5 14.2). */
export const PACKAGE_CONTENT_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream', 'text/xml', 'application/xml'] as const;
export const COVER_MAX_BYTES = 5 * 1024 * 1024;
export const COVER_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** A BCP 47 language tag such as "de", "en-GB", "zh-Hant-TW". */
const languageTag = z.string().trim().regex(
    ...describedPattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { en: 'must be a language tag such as de or en-GB', de: 'muss ein Sprachkürzel sein, etwa de oder en-GB' }),
  );

const courseFields = {
  title: displayName(200),
  description: z.string().trim().max(10_000),
  /** One of the site's categories (GET /api/learn/categories); null: uncategorised. */
  categoryId: z.uuid().nullable(),
  language: languageTag.nullable(),
  tags: z
    .array(displayName(50))
    .max(20)
    .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, { message: 'each tag once' }),
  selfEnrolment: z.boolean(),
};

export const createCourseInput = z.object({
  title: courseFields.title,
  description: courseFields.description.default(''),
  categoryId: courseFields.categoryId.default(null),
  language: courseFields.language.default(null),
  tags: courseFields.tags.default([]),
  selfEnrolment: courseFields.selfEnrolment.default(false),
});
export type CreateCourseInput = z.input<typeof createCourseInput>;

export const updateCourseInput = z
  .object(courseFields)
  .partial()
  .refine((input) => Object.keys(input).length > 0, { message: 'nothing to change' });
export type UpdateCourseInput = z.input<typeof updateCourseInput>;

/** A copy's title; omitted: the original's with "(copy)" / "(Kopie)". */
export const copyCourseInput = z.object({ title: courseFields.title.optional() });
export type CopyCourseInput = z.input<typeof copyCourseInput>;

export const courseStatusInput = z.object({ status: z.enum(COURSE_STATUS_VALUES) });

export const courseListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(COURSE_STATUS_VALUES).optional(),
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const reportItemView = z.object({
  code: z.string(),
  message: z.object({ en: z.string(), de: z.string() }),
  where: z.string(),
  detail: z.string().optional(),
});
export type ReportItemView = z.infer<typeof reportItemView>;

export const versionView = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  courseId: z.uuid(),
  version: z.number().int(),
  kind: z.string(),
  scormVersion: z.string().nullable(),
  title: z.string(),
  warnings: z.array(reportItemView),
  sizeBytes: z.number().int(),
  fileCount: z.number().int(),
  uploadedBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  /** Where the package came from when it was published from elsewhere in Lectern (Space), else null. */
  source: z.object({ label: z.string(), ref: z.string().nullable() }).nullable(),
  /** New attempts start on this version. */
  current: z.boolean(),
});
export type VersionView = z.infer<typeof versionView>;

export const courseView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  category: courseCategoryRef.nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  status: z.enum(COURSE_STATUS_VALUES),
  selfEnrolment: z.boolean(),
  hasCover: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The current version of the course's first content item; null before the first upload. */
  currentVersion: z
    .object({ id: z.uuid(), version: z.number().int(), scormVersion: z.string().nullable(), title: z.string(), createdAt: z.iso.datetime() })
    .nullable(),
});
export type CourseView = z.infer<typeof courseView>;

export const courseListView = z.object({ courses: z.array(courseView), total: z.number().int() });
export const versionListView = z.object({ versions: z.array(versionView) });

/** The answer to a successful import: the course (new or existing), the new version and the report's warnings. */
export const importResultView = z.object({ course: courseView, version: versionView, warnings: z.array(reportItemView) });
export type ImportResultView = z.infer<typeof importResultView>;

export const UPLOAD_STATUS_VALUES = ['receiving', 'importing', 'done', 'failed'] as const;

export const createUploadInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  totalBytes: z.number().int().min(1),
  /** The course the package goes to; without it a new course is made from the manifest. */
  courseId: z.uuid().nullable().default(null),
});
export type CreateUploadInput = z.input<typeof createUploadInput>;

export const uploadView = z.object({
  id: z.uuid(),
  courseId: z.uuid().nullable(),
  fileName: z.string(),
  totalBytes: z.number().int(),
  /** Bytes 0 .. receivedBytes-1 have arrived: resume by sending from here. */
  receivedBytes: z.number().int(),
  status: z.enum(UPLOAD_STATUS_VALUES),
  versionId: z.uuid().nullable(),
  expiresAt: z.iso.datetime(),
});
export type UploadView = z.infer<typeof uploadView>;

/** Chunk size the web app sends (the server accepts any size up to its limit). */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest chunk one PUT may carry. */
export const UPLOAD_MAX_CHUNK_BYTES = 64 * 1024 * 1024;
