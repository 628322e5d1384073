import type { Db } from '../../platform/db/index.js';
import { openCourseInPaths } from '../paths/path-sync.js';
import { insertActorEvent, type Actor } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import type { User } from '../../platform/identity/index.js';
import type {
  courseListQuery} from './courses.contract.js';
import {
  copyCourseInput,
  createCourseInput,
  updateCourseInput,
  type CopyCourseInput,
  type CourseStatusValue,
  type CreateCourseInput,
  type UpdateCourseInput,
} from './courses.contract.js';
import {
  copyCourseRows,
  deleteCourseRow,
  findCourse,
  insertCourse,
  listCourses,
  listVersions,
  lockCourse,
  updateCourse,
  type CourseWithVersion,
  type VersionWithCurrent,
} from './courses.repository.js';
import type { z } from 'zod';
import { userActor } from '../../platform/access/index.js';
import { coursesPolicy } from './courses.policy.js';
import { assertCategoryExists } from '../categories/index.js';

export type { Actor };

function notFound(courseId: string): AppError {
  return new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'id', value: courseId }]);
}

export async function listCoursesFor(db: Db, tenantId: string, viewer: User, query: z.output<typeof courseListQuery>) {
  coursesPolicy.assert(userActor(viewer), 'view');
  return db.withTenant(tenantId, (tx) => listCourses(tx, query));
}

export async function getCourse(db: Db, tenantId: string, viewer: User, courseId: string): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(viewer), 'view');
  const course = await db.withTenant(tenantId, (tx) => findCourse(tx, courseId));
  if (!course) throw notFound(courseId);
  return course;
}

export async function getCourseVersions(db: Db, tenantId: string, viewer: User, courseId: string): Promise<VersionWithCurrent[]> {
  coursesPolicy.assert(userActor(viewer), 'view');
  return db.withTenant(tenantId, async (tx) => {
    if (!(await findCourse(tx, courseId))) throw notFound(courseId);
    return listVersions(tx, courseId);
  });
}

export async function createCourse(db: Db, tenantId: string, actor: Actor, input: CreateCourseInput): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  const parsed = createCourseInput.parse(input);
  return db.withTenant(tenantId, async (tx) => {
    await assertCategoryExists(tx, parsed.categoryId);
    const course = await insertCourse(tx, { ...parsed, createdBy: actor.user.id });
    await insertActorEvent(tx, actor, 'course.created', { type: 'course', id: course.id }, { title: course.title });
    return (await findCourse(tx, course.id))!;
  });
}

export async function updateCourseDetails(db: Db, tenantId: string, actor: Actor, courseId: string, input: UpdateCourseInput): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  const patch = updateCourseInput.parse(input);
  return db.withTenant(tenantId, async (tx) => {
    await assertCategoryExists(tx, patch.categoryId);
    if (!(await updateCourse(tx, courseId, patch))) throw notFound(courseId);
    await insertActorEvent(tx, actor, 'course.changed', { type: 'course', id: courseId }, { fields: Object.keys(patch) });
    return (await findCourse(tx, courseId))!;
  });
}

/** Publishing needs content: a course without a current version cannot be published. */
export async function changeCourseStatus(db: Db, tenantId: string, actor: Actor, courseId: string, status: CourseStatusValue): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  return db.withTenant(tenantId, async (tx) => {
    const course = await findCourse(tx, courseId);
    if (!course) throw notFound(courseId);
    if (status === 'published' && !course.currentVersion) throw new AppError('LEARN_COURSE_NO_CONTENT', [{ field: 'status', value: status }]);
    if (course.status !== status) {
      await updateCourse(tx, courseId, { status });
      await insertActorEvent(tx, actor, 'course.changed', { type: 'course', id: courseId }, { status: { from: course.status, to: status } });
      // Learning paths that hold the course open it to their learners it waited for.
      if (status === 'published') await openCourseInPaths(tx, courseId);
    }
    return (await findCourse(tx, courseId))!;
  });
}

/**
 * Deletes a draft or archived course for good, with its versions, enrolments, progress and
 * certificates; a published course must be archived first (so nobody loses a live course by a
 * slip).
 */
export async function deleteCourse(db: Db, tenantId: string, actor: Actor, courseId: string): Promise<void> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  await db.withTenant(tenantId, async (tx) => {
    const course = await lockCourse(tx, courseId);
    if (!course) throw notFound(courseId);
    if (course.status === 'published') throw new AppError('LEARN_COURSE_DELETE_PUBLISHED', [{ field: 'id', value: courseId }]);
    await deleteCourseRow(tx, courseId);
    await insertActorEvent(tx, actor, 'course.deleted', { type: 'course', id: courseId }, { title: course.title, status: course.status });
  });
}

/** Copies a course as a new draft (details, cover and current content; no enrolments); the copy's title is given or "<title> (copy)". */
export async function copyCourse(db: Db, tenantId: string, actor: Actor, courseId: string, input: CopyCourseInput, language: 'de' | 'en' = 'en'): Promise<CourseWithVersion> {
  coursesPolicy.assert(userActor(actor.user), 'manage');
  const parsed = copyCourseInput.parse(input);
  return db.withTenant(tenantId, async (tx) => {
    const course = await findCourse(tx, courseId);
    if (!course) throw notFound(courseId);
    const title = parsed.title ?? `${course.title} ${language === 'de' ? '(Kopie)' : '(copy)'}`.slice(0, 200);
    const copyId = await copyCourseRows(tx, courseId, { title, createdBy: actor.user.id });
    await insertActorEvent(tx, actor, 'course.copied', { type: 'course', id: copyId }, { from: courseId, title });
    return (await findCourse(tx, copyId))!;
  });
}
