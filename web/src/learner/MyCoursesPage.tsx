import { ComingSoonPage } from '../shared/pages/ComingSoonPage';

/** The learner's courses with progress: due soon, overdue, completed; the catalogue for self-enrolment. */
export function MyCoursesPage() {
  return <ComingSoonPage navKey="myCourses" />;
}
