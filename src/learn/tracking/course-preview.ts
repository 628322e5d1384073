import type { Orm } from '../../platform/db/index.js';
import { findCourse } from '../courses/courses.repository.js';
import { findCurrentVersion } from './tracking.repository.js';

/**
 * What another area may play of a course to anybody (the store's free preview, `launchForAreaViewer`):
 * the version a new learner of the course would start on, and the course's title. Only a published
 * course with playable content has one; read in the caller's tenant transaction.
 */
export async function publishedCourseVersion(tx: Orm, courseId: string): Promise<{ versionId: string; title: string } | undefined> {
  const course = await findCourse(tx, courseId);
  if (!course || course.status !== 'published') return undefined;
  const version = await findCurrentVersion(tx, courseId);
  return version ? { versionId: version.id, title: course.title } : undefined;
}
