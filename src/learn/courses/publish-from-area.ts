import type { Actor } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import { userActor } from '../../platform/access/index.js';
import type { User } from '../../platform/identity/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { coursesPolicy } from './courses.policy.js';
import { importPackage } from './import-package.js';

/** What another area learns of a package it had Learn import. */
export interface PublishedCourse {
  courseId: string;
  courseTitle: string;
  version: number;
}

/** Whether the user may publish courses in Learn (what publishing from another area needs too). */
export function mayPublishCourses(user: User): boolean {
  return coursesPolicy.can(userActor(user), 'publish');
}

/**
 * Imports a course package that another area of Lectern keeps (Space's library) as a new course
 * or a new version of `courseId`, with everything Learn's own upload checks, and names where it
 * came from on the version. `alsoInTransaction` runs in the import's transaction, so the other
 * area's record of the publication commits exactly with the version.
 */
export async function importPackageFromArea(
  deps: LearnDeps,
  tenantId: string,
  actor: Actor,
  zipPath: string,
  target: { courseId: string | null; fileName: string; source: { label: string; ref: string } },
  alsoInTransaction: (tx: Orm, published: PublishedCourse) => Promise<void>,
): Promise<PublishedCourse> {
  const imported = await importPackage(deps, tenantId, actor, zipPath, target, (tx, done) =>
    alsoInTransaction(tx, { courseId: done.course.id, courseTitle: done.course.title, version: done.version.version }),
  );
  return { courseId: imported.course.id, courseTitle: imported.course.title, version: imported.version.version };
}
