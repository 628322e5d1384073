import { ComingSoonPage } from '../../shared/pages/ComingSoonPage';

/** The course list, upload, a course with its versions, enrolments and report (nested routes under /courses). */
export function CoursesPage() {
  return <ComingSoonPage navKey="courses" />;
}
