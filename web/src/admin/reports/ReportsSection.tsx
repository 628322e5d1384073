import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../shared/pages/NotFoundPage';
import { AttemptTimelinePage } from './AttemptTimelinePage';
import { ReportsPage } from './ReportsPage';

/** The reports and an attempt's timeline (nested routes under /reports). */
export function ReportsSection() {
  return (
    <Routes>
      <Route index element={<ReportsPage />} />
      <Route path="attempts/:attemptId" element={<AttemptTimelinePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
