import { and, asc, count, desc, eq, ilike, inArray, lt, max, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, qualified, queryRows, type Orm } from '../../platform/db/index.js';
import type { ReportItem } from '../packages/manifest.types.js';
import { courseCategories } from '../categories/categories.schema.js';
import { contentVersions, courseItems, courses, packageUploads, type CourseStatus } from './courses.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type CourseRow = typeof courses.$inferSelect;
export type CourseItemRow = typeof courseItems.$inferSelect;
export type VersionRow = typeof contentVersions.$inferSelect;
export type UploadRow = typeof packageUploads.$inferSelect;

export interface CurrentVersionSummary {
  id: string;
  version: number;
  scormVersion: string | null;
  title: string;
  createdAt: Date;
}

export interface CourseWithVersion extends CourseRow {
  category: { id: string; name: string } | null;
  currentVersion: CurrentVersionSummary | null;
}

type CourseWithCategory = CourseRow & { category: { id: string; name: string } | null };

/** Courses with their category's name, one query. */
function coursesWithCategory(tx: Orm) {
  return tx.select({ course: courses, categoryName: courseCategories.name }).from(courses).leftJoin(courseCategories, eq(courseCategories.id, courses.categoryId));
}

function withCategory(rows: { course: CourseRow; categoryName: string | null }[]): CourseWithCategory[] {
  return rows.map(({ course, categoryName }) => ({
    ...course,
    category: course.categoryId && categoryName !== null ? { id: course.categoryId, name: categoryName } : null,
  }));
}


export async function listCourses(
  tx: Orm,
  filter: { q?: string | undefined; status?: CourseStatus | undefined; categoryId?: string | undefined; limit: number; offset: number },
): Promise<{ courses: CourseWithVersion[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(courses.status, filter.status));
  if (filter.categoryId) conditions.push(eq(courses.categoryId, filter.categoryId));
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    // A tag is matched like the title: the search is the pattern (escaped), the tag the text searched.
    const tagMatches = sql`exists (select 1 from unnest(${qualified(courses.tags)}) as t(tag) where t.tag ilike ${pattern})`;
    conditions.push(or(ilike(courses.title, pattern), ilike(courseCategories.name, pattern), tagMatches)!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, totals] = await Promise.all([
    coursesWithCategory(tx).where(where).orderBy(desc(courses.updatedAt), asc(courses.id)).limit(filter.limit).offset(filter.offset),
    tx.select({ total: count() }).from(courses).leftJoin(courseCategories, eq(courseCategories.id, courses.categoryId)).where(where),
  ]);
  return { courses: await withCurrentVersions(tx, withCategory(rows)), total: totals[0]?.total ?? 0 };
}

export async function findCourse(tx: Orm, courseId: string): Promise<CourseWithVersion | undefined> {
  const rows = await coursesWithCategory(tx).where(eq(courses.id, courseId)).limit(1);
  return (await withCurrentVersions(tx, withCategory(rows)))[0];
}

/** The course row, locked until the transaction ends (imports into one course queue behind each other). */
export async function lockCourse(tx: Orm, courseId: string): Promise<CourseRow | undefined> {
  const rows = await tx.select().from(courses).where(eq(courses.id, courseId)).limit(1).for('update');
  return rows[0];
}

/** Attaches the current version of each course's first content item. */
async function withCurrentVersions(tx: Orm, rows: CourseWithCategory[]): Promise<CourseWithVersion[]> {
  if (rows.length === 0) return [];
  const items = await tx
    .select({
      courseId: courseItems.courseId,
      id: contentVersions.id,
      version: contentVersions.version,
      scormVersion: contentVersions.scormVersion,
      title: contentVersions.title,
      createdAt: contentVersions.createdAt,
    })
    .from(courseItems)
    .leftJoin(contentVersions, eq(contentVersions.id, courseItems.currentVersionId))
    .where(inArray(courseItems.courseId, rows.map((row) => row.id)))
    .orderBy(asc(courseItems.position), asc(courseItems.createdAt));
  const firstItem = new Map<string, CurrentVersionSummary | null>();
  for (const item of items) {
    if (firstItem.has(item.courseId)) continue;
    firstItem.set(
      item.courseId,
      item.id === null ? null : { id: item.id, version: item.version!, scormVersion: item.scormVersion, title: item.title!, createdAt: item.createdAt! },
    );
  }
  return rows.map((row) => ({ ...row, currentVersion: firstItem.get(row.id) ?? null }));
}

export async function insertCourse(
  tx: Orm,
  values: Pick<CourseRow, 'title' | 'description' | 'categoryId' | 'language' | 'tags' | 'selfEnrolment' | 'createdBy'>,
): Promise<CourseRow> {
  const [row] = await tx.insert(courses).values(values).returning();
  if (!row) throw new Error('insert into courses returned no row');
  return row;
}

export async function updateCourse(
  tx: Orm,
  courseId: string,
  patch: Partial<Pick<CourseRow, 'title' | 'description' | 'categoryId' | 'language' | 'tags' | 'selfEnrolment' | 'status' | 'coverKey'>>,
): Promise<CourseRow | undefined> {
  const [row] = await tx
    .update(courses)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(courses.id, courseId))
    .returning();
  return row;
}

/** The course's first content item of `kind` (a SCORM course has exactly one). */
export async function findFirstItem(tx: Orm, courseId: string, kind: CourseItemRow['kind']): Promise<CourseItemRow | undefined> {
  const rows = await tx
    .select()
    .from(courseItems)
    .where(and(eq(courseItems.courseId, courseId), eq(courseItems.kind, kind)))
    .orderBy(asc(courseItems.position), asc(courseItems.createdAt))
    .limit(1);
  return rows[0];
}

/** The course's first item that holds a package (SCORM or xAPI): an upload in either format makes the next version of it. */
export async function findFirstPackageItem(tx: Orm, courseId: string): Promise<CourseItemRow | undefined> {
  const rows = await tx
    .select()
    .from(courseItems)
    .where(and(eq(courseItems.courseId, courseId), inArray(courseItems.kind, ['scorm', 'xapi', 'cmi5'])))
    .orderBy(asc(courseItems.position), asc(courseItems.createdAt))
    .limit(1);
  return rows[0];
}

/** The format of the item's current version (its earlier versions keep their own kind). */
export async function setItemKind(tx: Orm, itemId: string, kind: CourseItemRow['kind']): Promise<void> {
  await tx.update(courseItems).set({ kind }).where(eq(courseItems.id, itemId));
}

export async function insertItem(tx: Orm, values: { courseId: string; kind: CourseItemRow['kind']; title: string }): Promise<CourseItemRow> {
  const [row] = await tx.insert(courseItems).values(values).returning();
  if (!row) throw new Error('insert into course_items returned no row');
  return row;
}

export async function nextVersionNumber(tx: Orm, itemId: string): Promise<number> {
  const [row] = await tx.select({ last: max(contentVersions.version) }).from(contentVersions).where(eq(contentVersions.itemId, itemId));
  return (row?.last ?? 0) + 1;
}

export async function insertVersion(
  tx: Orm,
  values: {
    id: string;
    itemId: string;
    courseId: string;
    version: number;
    kind: VersionRow['kind'];
    scormVersion: string | null;
    title: string;
    manifest: unknown;
    warnings: ReportItem[];
    storageKey: string;
    sizeBytes: number;
    fileCount: number;
    uploadedBy: string;
    sourceLabel?: string | null;
    sourceRef?: string | null;
  },
): Promise<VersionRow> {
  const [row] = await tx.insert(contentVersions).values(values).returning();
  if (!row) throw new Error('insert into content_versions returned no row');
  return row;
}

export async function setCurrentVersion(tx: Orm, itemId: string, versionId: string): Promise<void> {
  await tx.update(courseItems).set({ currentVersionId: versionId }).where(eq(courseItems.id, itemId));
}

/** A version of a course's item (every version but a preview-only one): joined to its item, so both are set. */
export interface VersionWithCurrent extends VersionRow {
  itemId: string;
  courseId: string;
  current: boolean;
}

function withCurrent(row: { version: VersionRow; currentVersionId: string | null }): VersionWithCurrent {
  const { version } = row;
  if (version.itemId === null || version.courseId === null) throw new Error(`content version ${version.id} joined to an item has none`);
  return { ...version, itemId: version.itemId, courseId: version.courseId, current: row.currentVersionId === version.id };
}

export async function listVersions(tx: Orm, courseId: string): Promise<VersionWithCurrent[]> {
  const rows = await tx
    .select({ version: contentVersions, currentVersionId: courseItems.currentVersionId })
    .from(contentVersions)
    .innerJoin(courseItems, eq(courseItems.id, contentVersions.itemId))
    .where(eq(contentVersions.courseId, courseId))
    .orderBy(asc(courseItems.position), desc(contentVersions.version));
  return rows.map(withCurrent);
}

export async function findVersion(tx: Orm, versionId: string): Promise<VersionWithCurrent | undefined> {
  const rows = await tx
    .select({ version: contentVersions, currentVersionId: courseItems.currentVersionId })
    .from(contentVersions)
    .innerJoin(courseItems, eq(courseItems.id, contentVersions.itemId))
    .where(eq(contentVersions.id, versionId))
    .limit(1);
  const row = rows[0];
  return row && withCurrent(row);
}

/** Whether `userId` is enrolled in the course a version belongs to; undefined when there is no such version. */
// Resumable uploads.

export async function insertUpload(
  tx: Orm,
  values: { courseId: string | null; userId: string; fileName: string; totalBytes: number; expiresAt: Date },
): Promise<UploadRow> {
  const [row] = await tx.insert(packageUploads).values(values).returning();
  if (!row) throw new Error('insert into package_uploads returned no row');
  return row;
}

export async function findUpload(tx: Orm, uploadId: string): Promise<UploadRow | undefined> {
  const rows = await tx.select().from(packageUploads).where(eq(packageUploads.id, uploadId)).limit(1);
  return rows[0];
}

/**
 * Records that bytes `start .. end-1` are on disk. Only contiguous progress counts: the row
 * moves forward only when `start` is not beyond what had arrived, so a concurrent chunk
 * cannot open a gap.
 */
export async function recordReceived(tx: Orm, uploadId: string, start: number, end: number): Promise<UploadRow | undefined> {
  const [row] = await tx
    .update(packageUploads)
    .set({ receivedBytes: sql`greatest(${packageUploads.receivedBytes}, ${end})` })
    .where(and(eq(packageUploads.id, uploadId), eq(packageUploads.status, 'receiving'), sql`${packageUploads.receivedBytes} >= ${start}`))
    .returning();
  return row;
}

/** Moves an upload from one status to another; undefined when it was not in `from` (someone else got there first). */
export async function moveUploadStatus(
  tx: Orm,
  uploadId: string,
  from: UploadRow['status'],
  to: UploadRow['status'],
  versionId: string | null = null,
): Promise<UploadRow | undefined> {
  const [row] = await tx
    .update(packageUploads)
    .set({ status: to, ...(versionId ? { versionId } : {}) })
    .where(and(eq(packageUploads.id, uploadId), eq(packageUploads.status, from)))
    .returning();
  return row;
}

export async function deleteUpload(tx: Orm, uploadId: string): Promise<void> {
  await tx.delete(packageUploads).where(eq(packageUploads.id, uploadId));
}

/**
 * An import starts before its upload expires and takes minutes: one still importing this long
 * after the expiry was abandoned (its node stopped mid-import) and may be swept.
 */
export const ABANDONED_IMPORT_MS = 6 * 60 * 60 * 1000;

/**
 * Uploads past their expiry; removed with their files by the sweep. An upload being imported
 * is left to its import, unless it expired more than ABANDONED_IMPORT_MS ago.
 */
export async function listExpiredUploads(tx: Orm, now: Date, limit = 100): Promise<{ id: string }[]> {
  const abandonedBefore = new Date(now.getTime() - ABANDONED_IMPORT_MS);
  return tx
    .select({ id: packageUploads.id })
    .from(packageUploads)
    .where(
      and(
        lt(packageUploads.expiresAt, now),
        or(ne(packageUploads.status, 'importing'), lt(packageUploads.expiresAt, abandonedBefore)),
      ),
    )
    .limit(limit);
}

/** Deletes a course; its items, versions, file lists, enrolments, attempts and certificates go with it (the blobs are collected once nothing refers to them). */
export async function deleteCourseRow(tx: Orm, courseId: string): Promise<void> {
  await tx.delete(courses).where(eq(courses.id, courseId));
}

/**
 * A copy of a course as a new draft: its details and cover, and each item with its current
 * version (as version 1), whose files are the same blobs (content-addressed: nothing is copied
 * in the store). No enrolments, no other versions. Returns the new course's id.
 */
export async function copyCourseRows(tx: Orm, sourceId: string, values: { title: string; createdBy: string }): Promise<string> {
  const [course] = await queryRows<{ id: string }>(
    tx,
    sql`insert into courses (title, description, category_id, language, tags, status, self_enrolment, cover_key, created_by)
        select ${values.title}, description, category_id, language, tags, 'draft', self_enrolment, cover_key, ${values.createdBy}
        from courses where id = ${sourceId}
        returning id`,
  );
  if (!course) throw new Error('copy of a course that does not exist');
  const items = await queryRows<{ id: string; kind: string; title: string; position: number; current_version_id: string | null }>(
    tx,
    sql`select id, kind, title, position, current_version_id from course_items where course_id = ${sourceId} order by position, created_at`,
  );
  for (const item of items) {
    const [copy] = await queryRows<{ id: string }>(
      tx,
      sql`insert into course_items (course_id, position, kind, title) values (${course.id}, ${item.position}, ${item.kind}, ${item.title}) returning id`,
    );
    if (!item.current_version_id) continue;
    const [version] = await queryRows<{ id: string }>(
      tx,
      sql`insert into content_versions (item_id, course_id, version, kind, scorm_version, title, manifest, warnings, storage_key, size_bytes, file_count, uploaded_by)
          select ${copy!.id}, ${course.id}, 1, kind, scorm_version, title, manifest, warnings, storage_key, size_bytes, file_count, uploaded_by
          from content_versions where id = ${item.current_version_id}
          returning id`,
    );
    await tx.execute(
      sql`insert into content_files (version_id, path, blob_hash, size)
          select ${version!.id}, path, blob_hash, size from content_files where version_id = ${item.current_version_id}`,
    );
    await tx.execute(sql`update course_items set current_version_id = ${version!.id} where id = ${copy!.id}`);
  }
  return course.id;
}

// Preview-only versions: a package another area shows in the player, part of no course.

export async function findPreviewVersionId(tx: Orm, previewOf: string): Promise<string | undefined> {
  const rows = await tx.select({ id: contentVersions.id }).from(contentVersions).where(eq(contentVersions.previewOf, previewOf)).limit(1);
  return rows[0]?.id;
}

/** Inserts a preview-only version; undefined when one for the same reference came first (two viewers at once). */
export async function insertPreviewVersion(
  tx: Orm,
  values: Omit<Parameters<typeof insertVersion>[1], 'itemId' | 'courseId' | 'version' | 'sourceLabel' | 'sourceRef'> & { previewOf: string },
): Promise<string | undefined> {
  const [row] = await tx
    .insert(contentVersions)
    .values({ ...values, itemId: null, courseId: null, version: 1 })
    .onConflictDoNothing({ target: [contentVersions.tenantId, contentVersions.previewOf] })
    .returning({ id: contentVersions.id });
  return row?.id;
}

/** Removes preview-only versions (their files and credentials go with them); the number removed. */
export async function deletePreviewVersions(tx: Orm, previewOf: readonly string[]): Promise<number> {
  if (previewOf.length === 0) return 0;
  const rows = await tx.delete(contentVersions).where(inArray(contentVersions.previewOf, [...previewOf])).returning({ id: contentVersions.id });
  return rows.length;
}
