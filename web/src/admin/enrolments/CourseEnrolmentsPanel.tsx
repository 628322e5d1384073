/** The enrolments of one course (users and groups, due dates, unenrol, reset); shown on the course page. */
export function CourseEnrolmentsPanel(_props: { courseId: string }) {
  return null;
}
