import type { Role } from '../api/types';
import type { Permissions } from './permissions';

/** The roles in the order the user administration lists them, highest first. */
export const ROLE_PRIORITY: readonly Role[] = ['admin', 'manager', 'instructor', 'learner'];

export type NavKey = 'dashboard' | 'myCourses' | 'purchases' | 'team' | 'users' | 'groups' | 'courses' | 'paths' | 'reports' | 'lrs' | 'space' | 'store' | 'audit' | 'updateMails' | 'accessReviews' | 'privacyRequests' | 'staffAccess' | 'settings';

export interface NavItem {
  key: NavKey;
  path: string;
  /** The permission the section needs (none: every signed-in user). */
  requires?: string;
  /** Left out for whoever has this permission (a fuller section replaces it). */
  unless?: string;
}

/** Every navigation entry, in the order the sidebar lists them, with the permission its page needs. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', path: '/' },
  { key: 'myCourses', path: '/my-courses', requires: 'learn.enrolments.study' },
  // What one bought in the store, with the invoices (the storefront itself is the server's page at /store).
  { key: 'purchases', path: '/purchases', requires: 'market.store.purchases' },
  // A manager's view of the people they look after; administrators have the full user administration instead.
  { key: 'team', path: '/team', requires: 'learn.team.view', unless: 'identity.users.manage' },
  { key: 'users', path: '/users', requires: 'identity.users.manage' },
  { key: 'groups', path: '/groups', requires: 'groups.manage' },
  { key: 'courses', path: '/courses', requires: 'learn.courses.manage' },
  { key: 'paths', path: '/paths', requires: 'learn.paths.view' },
  { key: 'reports', path: '/reports', requires: 'learn.reports.read' },
  { key: 'lrs', path: '/lrs', requires: 'lrs.keys.manage' },
  // The team's course library: every signed-in user may look; membership decides what the Space shows.
  { key: 'space', path: '/space', requires: 'space.workspace.read' },
  // The seller's store: settings, payments, products, orders, coupons, sales.
  { key: 'store', path: '/market', requires: 'market.store.manage' },
  // Who did what on the site, and the security events: administrators only.
  { key: 'audit', path: '/audit', requires: 'audit.log.read' },
  // News by e-mail to the people who consented: administrators only.
  { key: 'updateMails', path: '/update-mails', requires: 'privacy.update_mails.manage' },
  // Who holds which privileges, and the reviews of them: administrators only.
  { key: 'accessReviews', path: '/access-reviews', requires: 'access.reviews.manage' },
  // Erasure requests and exports of the site's people: administrators only.
  { key: 'privacyRequests', path: '/privacy-requests', requires: 'privacy.requests.manage' },
  // The operator staff's grants to the site and what they did on it: administrators only.
  { key: 'staffAccess', path: '/staff-access', requires: 'access.staff.manage' },
  { key: 'settings', path: '/settings', requires: 'tenancy.settings.manage' },
];

/** The sidebar for a user with these permissions, in NAV_ITEMS order. */
export function navigationFor(permissions: Permissions): NavItem[] {
  return NAV_ITEMS.filter((item) => (item.requires === undefined || permissions.has(item.requires)) && (item.unless === undefined || !permissions.has(item.unless)));
}

/** The navigation entry a path belongs to (exact match on the entry or below it). */
export function navItemForPath(pathname: string): NavItem | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return NAV_ITEMS[0];
  return NAV_ITEMS.find((item) => item.path !== '/' && (path === item.path || path.startsWith(`${item.path}/`)));
}

/** Whether the user's permissions open the navigation entry that a path belongs to. */
export function canVisit(permissions: Permissions, pathname: string): boolean {
  const item = navItemForPath(pathname);
  return item !== undefined && navigationFor(permissions).some((entry) => entry.key === item.key);
}

export type Dashboard = 'admin' | 'manager' | 'instructor' | 'learner';

/** `/`: the dashboard for what the user does most broadly: runs the site, looks after people, builds courses, or learns. */
export function dashboardFor(permissions: Permissions): Dashboard {
  if (permissions.has('tenancy.settings.manage')) return 'admin';
  if (permissions.has('learn.reports.read')) return 'manager';
  if (permissions.has('learn.courses.manage')) return 'instructor';
  return 'learner';
}
