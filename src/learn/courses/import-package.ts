import { randomUUID } from 'node:crypto';
import { insertActorEvent, type Actor } from '../../platform/audit/actor-event.js';
import { AppError } from '../../platform/http/errors.js';
import type { LearnDeps } from '../learn-deps.js';
import type { ReportItem } from '../packages/manifest.types.js';
import { readScormPackage, type PackageLimits } from '../packages/read-package.js';
import { DEFAULT_ZIP_LIMITS } from '../packages/zip-limits.js';
import {
  findCourse,
  findFirstItem,
  findVersion,
  insertCourse,
  insertItem,
  insertVersion,
  lockCourse,
  nextVersionNumber,
  setCurrentVersion,
  updateCourse,
  type CourseWithVersion,
  type VersionWithCurrent,
} from './courses.repository.js';
import { assertMayManage } from './courses.service.js';
import { removeQuietly, storageKeys, versionDir } from './package-storage.js';

export interface ImportedPackage {
  course: CourseWithVersion;
  version: VersionWithCurrent;
  warnings: ReportItem[];
}

/** The unpacking limits for a site: the defaults, with the total raised to the site's package limit when that is higher. */
export function packageLimitsOf(deps: LearnDeps): Partial<PackageLimits> {
  return { maxTotalBytes: Math.max(DEFAULT_ZIP_LIMITS.maxTotalBytes, deps.config.packageMaxBytes) };
}

/**
 * Imports an uploaded SCORM zip as a new version: into the given course, or into a new draft
 * course named after the manifest. The package is unpacked into its version folder first
 * (readScormPackage leaves nothing behind when it refuses the zip); then one transaction
 * writes the course (if new), its item (if new) and the version, and makes the version
 * current — attempts already running stay on the version they started with. If the
 * transaction fails, the unpacked folder is removed again. The zip itself is the caller's.
 */
export async function importPackage(
  deps: LearnDeps,
  tenantId: string,
  actor: Actor,
  zipPath: string,
  target: { courseId: string | null; fileName: string },
): Promise<ImportedPackage> {
  assertMayManage(actor.user);
  const { db, config } = deps;
  if (target.courseId) {
    const courseId = target.courseId;
    const exists = await db.withTenant(tenantId, (tx) => findCourse(tx, courseId));
    if (!exists) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', message: courseId }]);
  }
  const versionId = randomUUID();
  const dest = versionDir(config.filesDir, tenantId, versionId);
  const { manifest, report, files } = await readScormPackage(zipPath, dest, packageLimitsOf(deps));
  try {
    return await db.withTenant(tenantId, async (tx) => {
      let courseId = target.courseId;
      if (courseId) {
        if (!(await lockCourse(tx, courseId))) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', message: courseId }]);
      } else {
        const created = await insertCourse(tx, {
          title: manifest.title.slice(0, 200) || target.fileName.slice(0, 200),
          description: '',
          category: null,
          language: null,
          tags: [],
          selfEnrolment: false,
          createdBy: actor.user.id,
        });
        courseId = created.id;
        await insertActorEvent(tx, actor, 'course.created', { type: 'course', id: courseId }, { title: created.title, fromPackage: target.fileName });
      }
      const item = (await findFirstItem(tx, courseId, 'scorm')) ?? (await insertItem(tx, { courseId, kind: 'scorm', title: manifest.title }));
      const number = await nextVersionNumber(tx, item.id);
      await insertVersion(tx, {
        id: versionId,
        itemId: item.id,
        courseId,
        version: number,
        kind: 'scorm',
        scormVersion: manifest.scormVersion,
        title: manifest.title,
        manifest,
        warnings: report.warnings,
        storageKey: storageKeys.version(tenantId, versionId),
        sizeBytes: files.reduce((sum, file) => sum + file.size, 0),
        fileCount: files.length,
        uploadedBy: actor.user.id,
      });
      await setCurrentVersion(tx, item.id, versionId);
      await updateCourse(tx, courseId, {});
      await insertActorEvent(tx, actor, 'course.package_imported', { type: 'course', id: courseId }, { versionId, version: number, scormVersion: manifest.scormVersion, fileName: target.fileName, warnings: report.warnings.length });
      const course = (await findCourse(tx, courseId))!;
      const version = (await findVersion(tx, versionId))!;
      return { course, version, warnings: report.warnings };
    });
  } catch (error) {
    await removeQuietly(dest);
    throw error;
  }
}
