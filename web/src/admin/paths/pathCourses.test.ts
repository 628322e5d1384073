import { describe, expect, it } from 'vitest';
import { addCourse, courseErrors, isCourseField, moveCourse, prerequisiteOptions, prerequisiteTitles, removeCourse, setPrerequisites, type PathCourseRow } from './pathCourses';

const row = (courseId: string, prerequisites: string[] = []): PathCourseRow => ({ courseId, title: `Course ${courseId}`, status: 'published', prerequisites });
const ids = (rows: PathCourseRow[]) => rows.map((r) => r.courseId);

describe('the courses of a path in its editor', () => {
  it('adds a course at the end, once', () => {
    const rows = addCourse([row('a')], { id: 'b', title: 'B', status: 'draft' });
    expect(rows).toEqual([row('a'), { courseId: 'b', title: 'B', status: 'draft', prerequisites: [] }]);
    expect(ids(addCourse(rows, { id: 'a', title: 'A', status: 'published' }))).toEqual(['a', 'b']);
  });

  it('moves a course up and down, and nowhere past either end', () => {
    const rows = [row('a'), row('b'), row('c')];
    expect(ids(moveCourse(rows, 2, -1))).toEqual(['a', 'c', 'b']);
    expect(ids(moveCourse(rows, 0, 1))).toEqual(['b', 'a', 'c']);
    expect(ids(moveCourse(rows, 0, -1))).toEqual(['a', 'b', 'c']);
    expect(ids(moveCourse(rows, 2, 1))).toEqual(['a', 'b', 'c']);
  });

  it('removing a course takes it out of the others’ prerequisites', () => {
    const rows = removeCourse([row('a'), row('b', ['a']), row('c', ['a', 'b'])], 'a');
    expect(rows).toEqual([row('b'), row('c', ['b'])]);
  });

  it('offers the other courses as prerequisites, in the path’s order, and names those chosen', () => {
    const rows = setPrerequisites([row('a'), row('b'), row('c')], 'c', ['b', 'a']);
    expect(prerequisiteOptions(rows, 'b')).toEqual([
      { value: 'a', label: 'Course a' },
      { value: 'c', label: 'Course c' },
    ]);
    expect(prerequisiteTitles(rows, rows[2]!)).toEqual(['Course a', 'Course b']);
  });
});

describe('courseErrors', () => {
  it('gives each course the messages about it, by the order the courses were sent in', () => {
    const errors = courseErrors(
      [
        { field: 'courses.1.prerequisites', message: 'The prerequisites form a cycle.' },
        { field: 'courses.1.prerequisites', message: 'The prerequisites form a cycle.' },
        { field: 'courses.0.courseId', message: 'Unknown course.' },
        { field: 'courses.0.prerequisites.2', message: 'Not in the path.' },
        { field: 'courses.0', message: 'Unknown course.' },
        { field: 'courses.7.courseId', message: 'Not sent.' },
        { field: 'title', message: 'Too long.' },
      ],
      ['a', 'b'],
    );
    expect(errors).toEqual(
      new Map([
        ['b', { prerequisites: 'The prerequisites form a cycle.' }],
        ['a', { course: 'Unknown course.', prerequisites: 'Not in the path.' }],
      ]),
    );
  });

  it('tells the fields about one course from those about the path', () => {
    expect(['courses.0.courseId', 'courses.12', 'courses', 'title', 'coursesx.1'].map(isCourseField)).toEqual([true, true, false, false, false]);
  });
});
