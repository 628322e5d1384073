import { Alert, AppShell, Burger, Group, NavLink } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useAuth, useSession } from '../auth/AuthContext';
import { BrandMark } from '../branding/BrandMark';
import { usePermissions } from '../auth/permissions';
import { navigationFor, navItemForPath } from '../auth/roles';
import { SessionTimeout } from '../session/SessionTimeout';
import { LanguageMenu } from './LanguageMenu';
import { NotificationBell } from '../notifications/NotificationBell';
import { MfaEnrolmentNotice } from './MfaEnrolmentNotice';
import { MAIN_CONTENT_ID, SkipLink } from './SkipLink';
import { UserMenu } from './UserMenu';
import classes from './shell.module.css';

const NAVBAR_ID = 'main-navigation';

/** The signed-in frame: header, role-dependent navigation, main content. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const { signOut } = useAuth();
  const location = useLocation();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);

  // After moving to another page, start reading (and tabbing) at the new content.
  const previousPath = useRef(location.pathname);
  useEffect(() => {
    if (previousPath.current === location.pathname) return;
    previousPath.current = location.pathname;
    // Without scrolling: a link to a part of the new page (#certificates) scrolls there itself.
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  // The sections the server's policies open to this user; none but the dashboard until they are known.
  const permissions = usePermissions();
  const items = navigationFor(permissions.data?.navigable ?? new Set<string>());
  const activeKey = navItemForPath(location.pathname)?.key;

  const handleSignOut = () => {
    setSignOutError(null);
    signOut().catch((error: unknown) => {
      setSignOutError(error instanceof Error ? error.message : String(error));
    });
  };

  return (
    <>
      <SkipLink />
      <SessionTimeout />
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpened}
                onClick={toggleNav}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('shell.toggleNavigation')}
                aria-controls={NAVBAR_ID}
                aria-expanded={navOpened}
              />
              <Link to="/" className={classes.brand}>
                <BrandMark fallbackName={session.tenant.name} />
              </Link>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <NotificationBell />
              <LanguageMenu />
              <UserMenu onSignOut={handleSignOut} />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id={NAVBAR_ID} p="sm" className={classes.navbar} aria-label={t('shell.mainNavigation')}>
          <ul className={classes.navList}>
            {items.map((item) => (
              <li key={item.key}>
                <NavLink
                  component={Link}
                  to={item.path}
                  label={t(`nav.${item.key}`)}
                  active={item.key === activeKey}
                  aria-current={item.key === activeKey ? 'page' : undefined}
                  onClick={closeNav}
                />
              </li>
            ))}
          </ul>
        </AppShell.Navbar>

        <AppShell.Main id={MAIN_CONTENT_ID} ref={mainRef} tabIndex={-1} className={classes.main}>
          {signOutError && (
            <Alert color="red" title={t('shell.signOutFailed')} mb="md" withCloseButton closeButtonLabel={t('app.close')} onClose={() => {
                setSignOutError(null);
              }}>
              {signOutError}
            </Alert>
          )}
          <MfaEnrolmentNotice />
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}
