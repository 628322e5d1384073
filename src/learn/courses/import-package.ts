import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { insertActorEvent, type Actor } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import type { LearnDeps } from '../learn-deps.js';
import type { ReportItem } from '../packages/manifest.types.js';
import { readCoursePackage, type CoursePackage, type PackageLimits } from '../packages/read-package.js';
import { scanExternalOrigins } from '../packages/external-origins.js';
import { reportExternalOrigins } from '../packages/origin-warnings.js';
import { ReportBuilder } from '../packages/validation-report.js';
import { findTenantById, sectionSettingsOf } from '../../platform/tenancy/index.js';
import { allowedContentOrigins, contentSettings } from '../content/content.settings.js';
import { DEFAULT_ZIP_LIMITS } from '../packages/zip-limits.js';
import type { Orm } from '../../platform/db/index.js';
import {
  findCourse,
  findFirstPackageItem,
  findVersion,
  insertCourse,
  insertItem,
  insertVersion,
  lockCourse,
  nextVersionNumber,
  setCurrentVersion,
  setItemKind,
  updateCourse,
  type CourseWithVersion,
  type VersionWithCurrent,
} from './courses.repository.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import { storePackageFiles } from './store-package-files.js';
import { BLOB_STORAGE_KEY, insertContentFiles, type StoredFile } from './stored-files.repository.js';
import { userActor } from '../../platform/access/index.js';
import { coursesPolicy } from './courses.policy.js';

/** What a package is once checked, unpacked and its files put into the blob store. */
export type StoredPackage = Pick<CoursePackage, 'format' | 'manifest' | 'report'> & { scormVersion: string | null; stored: StoredFile[] };

/**
 * Unpacks a course zip into `folder` (readCoursePackage refuses a bad zip before anything is
 * stored), notes what it reaches beyond its own files against what the site allows now, and puts
 * every file into the blob store (content-addressed: bytes stored before are not stored again).
 */
export async function unpackAndStore(deps: LearnDeps, tenantId: string, zipPath: string, folder: string): Promise<StoredPackage> {
  const unpacked = path.join(folder, 'package');
  const { format, manifest, report, files } = await readCoursePackage(zipPath, unpacked, packageLimitsOf(deps));
  const tenant = await findTenantById(deps.db.owner, tenantId);
  const allowed = tenant ? allowedContentOrigins(sectionSettingsOf(tenant, contentSettings)) : [];
  reportExternalOrigins(await scanExternalOrigins(unpacked, files), allowed, new ReportBuilder(report));
  const stored = await storePackageFiles(deps.storage, tenantId, unpacked, files.map((file) => file.path));
  return { format, manifest, report, scormVersion: format === 'scorm' ? manifest.scormVersion : null, stored };
}

/** What a version row says of its package. */
export function versionValuesOf(unpacked: StoredPackage) {
  return {
    kind: unpacked.format,
    scormVersion: unpacked.scormVersion,
    title: unpacked.manifest.title,
    manifest: unpacked.manifest,
    warnings: unpacked.report.warnings,
    storageKey: BLOB_STORAGE_KEY,
    sizeBytes: unpacked.stored.reduce((sum, file) => sum + file.size, 0),
    fileCount: unpacked.stored.length,
  };
}

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
 * Imports an uploaded course zip (SCORM, or xAPI with a tincan.xml; told apart by content) as a new version: into the given course, or into a new draft
 * course named after the manifest. The package is unpacked into a staging folder of this node
 * (readCoursePackage refuses a bad zip before anything is stored), every file is put into the
 * blob store, and then one transaction writes the course (if new), its item (if new), the
 * version and its content files, and makes the version current — attempts already running
 * stay on the version they started with. The staging folder is removed whatever happens; a
 * failed import refers to no blob (those already put are collected by the store). `alsoInTransaction`
 * runs inside that transaction (a resumable upload closes itself there). The zip itself is the caller's.
 */
export async function importPackage(
  deps: LearnDeps,
  tenantId: string,
  actor: Actor,
  zipPath: string,
  target: { courseId: string | null; fileName: string; source?: { label: string; ref: string } },
  alsoInTransaction?: (tx: Orm, imported: ImportedPackage) => Promise<void>,
): Promise<ImportedPackage> {
  coursesPolicy.assert(userActor(actor.user), 'publish');
  const { db, config } = deps;
  if (target.courseId) {
    const courseId = target.courseId;
    const exists = await db.withTenant(tenantId, (tx) => findCourse(tx, courseId));
    if (!exists) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: courseId }]);
  }
  const versionId = randomUUID();
  return withStagingFolder(config, async (folder) => {
    const unpacked = await unpackAndStore(deps, tenantId, zipPath, folder);
    const { format, manifest, report, scormVersion, stored } = unpacked;
    return db.withTenant(tenantId, async (tx) => {
      let courseId = target.courseId;
      if (courseId) {
        if (!(await lockCourse(tx, courseId))) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: courseId }]);
      } else {
        const created = await insertCourse(tx, {
          title: manifest.title.slice(0, 200) || target.fileName.slice(0, 200),
          description: '',
          categoryId: null,
          language: null,
          tags: [],
          selfEnrolment: false,
          createdBy: actor.user.id,
        });
        courseId = created.id;
        await insertActorEvent(tx, actor, 'course.created', { type: 'course', id: courseId }, { title: created.title, fromPackage: target.fileName });
      }
      // A course has one package item; a package of the other format becomes its next version (attempts keep theirs).
      const item = (await findFirstPackageItem(tx, courseId)) ?? (await insertItem(tx, { courseId, kind: format, title: manifest.title }));
      if (item.kind !== format) await setItemKind(tx, item.id, format);
      const number = await nextVersionNumber(tx, item.id);
      await insertVersion(tx, {
        id: versionId,
        itemId: item.id,
        courseId,
        version: number,
        ...versionValuesOf(unpacked),
        uploadedBy: actor.user.id,
        sourceLabel: target.source?.label ?? null,
        sourceRef: target.source?.ref ?? null,
      });
      await insertContentFiles(tx, versionId, stored);
      await setCurrentVersion(tx, item.id, versionId);
      await updateCourse(tx, courseId, {});
      await insertActorEvent(tx, actor, 'course.package_imported', { type: 'course', id: courseId }, { versionId, version: number, format, scormVersion, fileName: target.fileName, warnings: report.warnings.length });
      const course = (await findCourse(tx, courseId))!;
      const version = (await findVersion(tx, versionId))!;
      const imported = { course, version, warnings: report.warnings };
      await alsoInTransaction?.(tx, imported);
      return imported;
    });
  });
}
