import { Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AccountPage } from './account/AccountPage';
import { AdminDashboard } from './admin/AdminDashboard';
import { CoursesPage } from './admin/courses/CoursesPage';
import { GroupsPage } from './admin/groups/GroupsPage';
import { LrsSection } from './admin/lrs/LrsPage';
import { AccessReviewsSection } from './admin/access-reviews/AccessReviewsSection';
import { AuditSection } from './admin/audit/AuditLogPage';
import { PrivacyRequestsPage } from './admin/privacy/PrivacyRequestsPage';
import { UpdateMailsPage } from './admin/updates/UpdateMailsPage';
import { StaffAccessPage } from './admin/staff-access/StaffAccessPage';
import { StoreSection } from './admin/market/StoreSection';
import { PathsPage } from './admin/paths/PathsPage';
import { ReportsSection } from './admin/reports/ReportsSection';
import { ManagerDashboard } from './admin/ManagerDashboard';
import { SettingsPage } from './admin/settings/SettingsPage';
import { TeamPage } from './admin/team/TeamPage';
import { UsersSection } from './admin/users/UsersSection';
import { AcceptInvitationPage } from './shared/auth/AcceptInvitationPage';
import { LearnerDashboard } from './learner/LearnerDashboard';
import { RegisterPage } from './shared/auth/RegisterPage';
import { VerifyCertificatePage } from './learner/certificates/VerifyCertificatePage';
import { MyCoursesPage } from './learner/MyCoursesPage';
import { MyPurchasesPage } from './learner/purchases/MyPurchasesPage';
import { PlayerRoutes, SharedCoursePlayer, StorePreviewPlayer } from './player/PlayerRoutes';
import { ConfirmEmailPage } from './shared/auth/ConfirmEmailPage';
import { RequireAuth } from './shared/auth/RequireAuth';
import { ResetPasswordPage } from './shared/auth/ResetPasswordPage';
import { SIGN_IN_PATH } from './shared/auth/redirect';
import { usePermissions } from './shared/auth/permissions';
import { NAV_ITEMS, canVisit, dashboardFor, type NavKey } from './shared/auth/roles';
import { SignInPage } from './shared/auth/SignInPage';
import { NotFoundPage } from './shared/pages/NotFoundPage';
import { LoadError } from './shared/ui/LoadError';
import { AppLayout } from './shared/shell/AppLayout';
import { InstructorDashboard } from './space/InstructorDashboard';
import { SpaceSection } from './space/SpaceSection';

/** Until the permissions are known, a page shows a loader (or why they could not be read). */
function WithPermissions({ render }: { render: (permissions: ReadonlySet<string>) => ReactNode }) {
  const { t } = useTranslation();
  const permissions = usePermissions();
  if (permissions.error) return <LoadError error={permissions.error} onRetry={() => void permissions.refetch()} />;
  if (!permissions.data) return <Loader size="sm" role="status" aria-label={t('app.loading')} m="md" />;
  return render(permissions.data.navigable);
}

/** `/`: the dashboard of the broadest work the user's permissions open (running the site > people > courses > learning). */
function DashboardRoute() {
  return <WithPermissions render={(permissions) => <Dashboard kind={dashboardFor(permissions)} />} />;
}

function Dashboard({ kind }: { kind: ReturnType<typeof dashboardFor> }) {
  switch (kind) {
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

/** The page of each section of the navigation. */
const SECTION_PAGES: Record<Exclude<NavKey, 'dashboard'>, () => ReactNode> = {
  users: () => <UsersSection />,
  groups: () => <GroupsPage />,
  courses: () => <CoursesPage />,
  paths: () => <PathsPage />,
  reports: () => <ReportsSection />,
  lrs: () => <LrsSection />,
  space: () => <SpaceSection />,
  team: () => <TeamPage />,
  myCourses: () => <MyCoursesPage />,
  purchases: () => <MyPurchasesPage />,
  store: () => <StoreSection />,
  audit: () => <AuditSection />,
  updateMails: () => <UpdateMailsPage />,
  accessReviews: () => <AccessReviewsSection />,
  privacyRequests: () => <PrivacyRequestsPage />,
  staffAccess: () => <StaffAccessPage />,
  settings: () => <SettingsPage />,
};

/** A section the user's permissions do not open looks like a page that does not exist. */
function SectionRoute({ navKey }: { navKey: NavKey }) {
  const { pathname } = useLocation();
  return (
    <WithPermissions
      render={(permissions) => {
        if (!canVisit(permissions, pathname)) return <NotFoundPage />;
        return navKey === 'dashboard' ? <NotFoundPage /> : SECTION_PAGES[navKey]();
      }}
    />
  );
}

const SECTIONS = NAV_ITEMS.filter((item) => item.key !== 'dashboard');

export function AppRoutes() {
  return (
    <Routes>
      <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/confirm-email" element={<ConfirmEmailPage />} />
      <Route path="/verify" element={<VerifyCertificatePage />} />
      <Route path="/verify/:code" element={<VerifyCertificatePage />} />
      {/* A share link's visitor plays a shared course without an account. */}
      <Route path="/shared-course/:token" element={<SharedCoursePlayer />} />
      {/* A store visitor plays a product's free preview course without an account. */}
      <Route path="/store-preview/:slug/:courseId" element={<StorePreviewPlayer />} />
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
