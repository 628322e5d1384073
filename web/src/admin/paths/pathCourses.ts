// The courses of a path as its editor holds them; free of React so it can be unit-tested.
import type { ApiFieldError } from '../../shared/api/errors';
import type { CourseStatusValue } from '../courses/courses.api';

export interface PathCourseRow {
  courseId: string;
  title: string;
  status: CourseStatusValue;
  /** Ids of courses of the same path to finish first. */
  prerequisites: string[];
}

/** Adds a course at the end (a course already in the path is not added twice). */
export function addCourse(rows: readonly PathCourseRow[], course: { id: string; title: string; status: CourseStatusValue }): PathCourseRow[] {
  if (rows.some((row) => row.courseId === course.id)) return [...rows];
  return [...rows, { courseId: course.id, title: course.title, status: course.status, prerequisites: [] }];
}

/** Moves the course at `index` one place up (-1) or down (+1); at either end nothing moves. */
export function moveCourse(rows: readonly PathCourseRow[], index: number, by: -1 | 1): PathCourseRow[] {
  const target = index + by;
  const moved = [...rows];
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return moved;
  [moved[index], moved[target]] = [moved[target]!, moved[index]!];
  return moved;
}

/** Takes a course out of the path, and out of the prerequisites of the others (they no longer wait for it). */
export function removeCourse(rows: readonly PathCourseRow[], courseId: string): PathCourseRow[] {
  return rows
    .filter((row) => row.courseId !== courseId)
    .map((row) => ({ ...row, prerequisites: row.prerequisites.filter((id) => id !== courseId) }));
}

export function setPrerequisites(rows: readonly PathCourseRow[], courseId: string, prerequisites: readonly string[]): PathCourseRow[] {
  return rows.map((row) => (row.courseId === courseId ? { ...row, prerequisites: [...prerequisites] } : row));
}

/** What a course may require: the path's other courses, in the path's order. */
export function prerequisiteOptions(rows: readonly PathCourseRow[], courseId: string): { value: string; label: string }[] {
  return rows.filter((row) => row.courseId !== courseId).map((row) => ({ value: row.courseId, label: row.title }));
}

/** The titles of the courses a row requires, in the path's order. */
export function prerequisiteTitles(rows: readonly PathCourseRow[], row: PathCourseRow): string[] {
  return rows.filter((other) => row.prerequisites.includes(other.courseId)).map((other) => other.title);
}

const COURSE_FIELD = /^courses\.(\d+)(?:\.(\w+))?/;

/** What the server said about one course of the path: its prerequisites, or the course itself (unknown, twice in the path). */
export interface CourseRowErrors {
  prerequisites?: string;
  course?: string;
}

/**
 * The server's complaints about the courses (`courses.2.prerequisites`), by course: the index is
 * that of the courses as they were sent, so a course moved since still gets its own message.
 */
export function courseErrors(fields: readonly ApiFieldError[], sentCourseIds: readonly string[]): Map<string, CourseRowErrors> {
  const errors = new Map<string, CourseRowErrors>();
  for (const field of fields) {
    const match = COURSE_FIELD.exec(field.field);
    const courseId = match ? sentCourseIds[Number(match[1])] : undefined;
    if (!match || courseId === undefined) continue;
    const part = match[2] === 'prerequisites' ? 'prerequisites' : 'course';
    const row = errors.get(courseId) ?? {};
    const said = row[part];
    if (said === undefined) row[part] = field.message;
    else if (!said.split('; ').includes(field.message)) row[part] = `${said}; ${field.message}`;
    errors.set(courseId, row);
  }
  return errors;
}

/** Whether a field of the error is about one course of the path (then its row says it). */
export const isCourseField = (field: string) => COURSE_FIELD.test(field);
