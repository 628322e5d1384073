import { ComingSoonPage } from '../../shared/pages/ComingSoonPage';

/** Reports: per course, per learner, overdue; exports and the completion chart. */
export function ReportsPage() {
  return <ComingSoonPage navKey="reports" />;
}
