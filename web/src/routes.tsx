import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AccountPage } from './account/AccountPage';
import { AdminDashboard } from './admin/AdminDashboard';
import { CoursesPage } from './admin/courses/CoursesPage';
import { GroupsPage } from './admin/groups/GroupsPage';
import { ReportsPage } from './admin/reports/ReportsPage';
import { ManagerDashboard } from './admin/ManagerDashboard';
import { SettingsPage } from './admin/settings/SettingsPage';
import { UsersPage } from './admin/users/UsersPage';
import { AcceptInvitationPage } from './shared/auth/AcceptInvitationPage';
import { LearnerDashboard } from './learner/LearnerDashboard';
import { MyCoursesPage } from './learner/MyCoursesPage';
import { PlayerRoutes } from './player/PlayerRoutes';
import { useSession } from './shared/auth/AuthContext';
import { ConfirmEmailPage } from './shared/auth/ConfirmEmailPage';
import { RequireAuth } from './shared/auth/RequireAuth';
import { ResetPasswordPage } from './shared/auth/ResetPasswordPage';
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

/** The sections that exist already; the others say they are coming. */
const SECTION_PAGES: Partial<Record<NavKey, () => ReactNode>> = {
  users: () => <UsersPage />,
  groups: () => <GroupsPage />,
  courses: () => <CoursesPage />,
  reports: () => <ReportsPage />,
  myCourses: () => <MyCoursesPage />,
  settings: () => <SettingsPage />,
};

/** A section the user's roles do not include looks like a page that does not exist. */
function SectionRoute({ navKey }: { navKey: NavKey }) {
  const { user } = useSession();
  const { pathname } = useLocation();
  if (!canVisit(user.roles, pathname)) return <NotFoundPage />;
  const page = SECTION_PAGES[navKey];
  return page ? page() : <ComingSoonPage navKey={navKey} />;
}

const SECTIONS = NAV_ITEMS.filter((item) => item.key !== 'dashboard');

export function AppRoutes() {
  return (
    <Routes>
      <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route path="/confirm-email" element={<ConfirmEmailPage />} />
      <Route
        path="/play/*"
        element={
          <RequireAuth>
            <PlayerRoutes />
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardRoute />} />
        <Route path="/dashboard" element={<Navigate to="/" replace />} />
        <Route path="/account" element={<AccountPage />} />
        {SECTIONS.map((item) => (
          <Route key={item.key} path={`${item.path}/*`} element={<SectionRoute navKey={item.key} />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
