import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { CourseDetailPage } from './CourseDetailPage';
import { CourseListPage } from './CourseListPage';
import { NewCoursePage } from './NewCoursePage';

/** The course list, upload, a course with its versions, enrolments and report (nested routes under /courses). */
export function CoursesPage() {
  return (
    <Routes>
      <Route index element={<CourseListPage />} />
      <Route path="new" element={<NewCoursePage />} />
      <Route path=":courseId" element={<CourseDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
