import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AdminDashboard } from './admin/AdminDashboard';
import { ManagerDashboard } from './admin/ManagerDashboard';
import { LearnerDashboard } from './learner/LearnerDashboard';
import { useSession } from './shared/auth/AuthContext';
import { RequireAuth } from './shared/auth/RequireAuth';
import { SIGN_IN_PATH } from './shared/auth/redirect';
import { NAV_ITEMS, canVisit, primaryRole, type NavKey } from './shared/auth/roles';
import { SignInPage } from './shared/auth/SignInPage';
import { ComingSoonPage } from './shared/pages/ComingSoonPage';
import { NotFoundPage } from './shared/pages/NotFoundPage';
import { AppLayout } from './shared/shell/AppLayout';
import { InstructorDashboard } from './space/InstructorDashboard';

/** `/`: the dashboard of the user's primary role (admin > manager > instructor > learner). */
function DashboardRoute() {
  const { user } = useSession();
  switch (primaryRole(user.roles)) {
    case 'admin':
      return <AdminDashboard />;
    case 'manager':
      return <ManagerDashboard />;
    case 'instructor':
      return <InstructorDashboard />;
    case 'learner':
      return <LearnerDashboard />;
  }
}

/** A section the user's roles do not include looks like a page that does not exist. */
function SectionRoute({ navKey }: { navKey: NavKey }) {
  const { user } = useSession();
  const { pathname } = useLocation();
  return canVisit(user.roles, pathname) ? <ComingSoonPage navKey={navKey} /> : <NotFoundPage />;
}

const SECTIONS = NAV_ITEMS.filter((item) => item.key !== 'dashboard');

export function AppRoutes() {
  return (
    <Routes>
      <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardRoute />} />
        <Route path="/dashboard" element={<Navigate to="/" replace />} />
        {SECTIONS.map((item) => (
          <Route key={item.key} path={`${item.path}/*`} element={<SectionRoute navKey={item.key} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
