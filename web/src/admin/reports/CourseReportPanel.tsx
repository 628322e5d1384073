/** The report of one course (each learner's status, score, time, attempts, dates); shown on the course page. */
export function CourseReportPanel(_props: { courseId: string }) {
  return null;
}
