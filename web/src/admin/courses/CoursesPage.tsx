import { Route, Routes, useParams } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { CategoriesPage } from './CategoriesPage';
import { CourseDetailPage } from './CourseDetailPage';
import { CourseListPage } from './CourseListPage';
import { NewCoursePage } from './NewCoursePage';

/** A course's page starts afresh for another course (its notices and dialogs belong to one course). */
function CourseDetailRoute() {
  const { courseId } = useParams();
  return <CourseDetailPage key={courseId} />;
}

/** The course list, upload, a course with its versions, enrolments and report (nested routes under /courses). */
export function CoursesPage() {
  return (
    <Routes>
      <Route index element={<CourseListPage />} />
      <Route path="new" element={<NewCoursePage />} />
      <Route path="categories" element={<CategoriesPage />} />
      <Route path=":courseId" element={<CourseDetailRoute />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
