import { eq } from 'drizzle-orm';
import { contentVersions, courseItems, courses, type CourseStatus } from '../src/learn/courses/courses.schema.js';
import { enrolments } from '../src/learn/enrolments/enrolments.schema.js';
import { parseManifest } from '../src/learn/packages/manifest.js';
import type { PackageManifest } from '../src/learn/packages/manifest.types.js';
import type { Db } from '../src/platform/db/client.js';
import { scorm12Manifest, scorm2004Manifest, type ScoSpec } from './scorm-packages.js';

/**
 * Rows for tests of features that stand on courses (tracking, enrolments, reports), written
 * straight to the tables so those tests do not depend on the upload path. The import itself
 * is tested through the API in learn/courses.
 */

export function manifestOf(version: '1.2' | '2004', title: string, scos: ScoSpec[], rollupRules?: string): PackageManifest {
  const xml = version === '1.2' ? scorm12Manifest(title, scos) : scorm2004Manifest(title, scos, undefined, rollupRules);
  const reading = parseManifest(Buffer.from(xml));
  if (!reading.manifest) throw new Error(`fixture manifest invalid: ${JSON.stringify(reading.report.errors)}`);
  return reading.manifest;
}

export interface CourseFixture {
  courseId: string;
  itemId: string;
  versionId: string;
  manifest: PackageManifest;
}

/** A course with one SCORM item whose current version is the given manifest (no files on disk). */
export async function createScormCourse(
  db: Db,
  tenantId: string,
  options: {
    title?: string;
    status?: CourseStatus;
    version?: '1.2' | '2004';
    scos?: ScoSpec[];
    selfEnrolment?: boolean;
    description?: string;
    tags?: string[];
    categoryId?: string | null;
    /** SCORM 2004: an `imsss:rollupRules` element for the organization. */
    rollupRules?: string;
  } = {},
): Promise<CourseFixture> {
  const title = options.title ?? 'Fire safety';
  const manifest = manifestOf(options.version ?? '1.2', title, options.scos ?? [{ id: 'SCO-1', title: 'Lesson 1' }], options.rollupRules);
  return db.withTenant(tenantId, async (tx) => {
    const [course] = await tx
      .insert(courses)
      .values({
        title,
        status: options.status ?? 'published',
        selfEnrolment: options.selfEnrolment ?? false,
        description: options.description ?? '',
        tags: options.tags ?? [],
        categoryId: options.categoryId ?? null,
      })
      .returning({ id: courses.id });
    const [item] = await tx.insert(courseItems).values({ courseId: course!.id, kind: 'scorm', title }).returning({ id: courseItems.id });
    const versionId = await insertVersion(tx, course!.id, item!.id, 1, manifest);
    await tx.update(courseItems).set({ currentVersionId: versionId }).where(eq(courseItems.id, item!.id));
    return { courseId: course!.id, itemId: item!.id, versionId, manifest };
  });
}

/** Adds version N+1 of the course's item and makes it current (as a re-upload does). */
export async function addScormVersion(db: Db, tenantId: string, course: CourseFixture, version: number, manifest = course.manifest): Promise<string> {
  return db.withTenant(tenantId, async (tx) => {
    const versionId = await insertVersion(tx, course.courseId, course.itemId, version, manifest);
    await tx.update(courseItems).set({ currentVersionId: versionId }).where(eq(courseItems.id, course.itemId));
    return versionId;
  });
}

async function insertVersion(tx: Parameters<Parameters<Db['withTenant']>[1]>[0], courseId: string, itemId: string, version: number, manifest: PackageManifest): Promise<string> {
  const [row] = await tx
    .insert(contentVersions)
    .values({
      courseId,
      itemId,
      version,
      kind: 'scorm',
      scormVersion: manifest.scormVersion,
      title: manifest.title,
      manifest,
      storageKey: `fixture/${courseId}/${version}`,
      sizeBytes: 0,
      fileCount: 0,
    })
    .returning({ id: contentVersions.id });
  return row!.id;
}

/** Enrols a user directly (no notification); returns the enrolment id. */
export async function enrolDirectly(db: Db, tenantId: string, courseId: string, userId: string, dueAt: Date | null = null): Promise<string> {
  return db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.insert(enrolments).values({ courseId, userId, dueAt }).returning({ id: enrolments.id });
    return row!.id;
  });
}
