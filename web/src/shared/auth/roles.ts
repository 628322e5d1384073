import type { Role } from '../api/types';

/** Highest first: the primary role decides which dashboard `/` shows. */
export const ROLE_PRIORITY: readonly Role[] = ['admin', 'manager', 'instructor', 'learner'];

export type NavKey = 'dashboard' | 'myCourses' | 'team' | 'users' | 'groups' | 'courses' | 'reports' | 'settings';

export interface NavItem {
  key: NavKey;
  path: string;
}

/** Every navigation entry, in the order the sidebar lists them. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', path: '/' },
  { key: 'myCourses', path: '/my-courses' },
  { key: 'team', path: '/team' },
  { key: 'users', path: '/users' },
  { key: 'groups', path: '/groups' },
  { key: 'courses', path: '/courses' },
  { key: 'reports', path: '/reports' },
  { key: 'settings', path: '/settings' },
];

const NAV_BY_ROLE: Readonly<Record<Role, readonly NavKey[]>> = {
  admin: ['dashboard', 'users', 'groups', 'courses', 'reports', 'settings'],
  manager: ['dashboard', 'team', 'reports'],
  instructor: ['dashboard', 'courses'],
  learner: ['dashboard', 'myCourses'],
};

function knownRoles(roles: readonly string[]): Role[] {
  return ROLE_PRIORITY.filter((role) => roles.includes(role));
}

/** The user's highest role; a user without a known role is treated as a learner. */
export function primaryRole(roles: readonly string[]): Role {
  return knownRoles(roles)[0] ?? 'learner';
}

/** The sidebar for a user: the union of the entries of all their roles, in NAV_ITEMS order. */
export function navigationFor(roles: readonly string[]): NavItem[] {
  const keys = new Set<NavKey>();
  const known = knownRoles(roles);
  for (const role of known.length > 0 ? known : (['learner'] as const)) {
    for (const key of NAV_BY_ROLE[role]) keys.add(key);
  }
  return NAV_ITEMS.filter((item) => keys.has(item.key));
}

/** The navigation entry a path belongs to (exact match on the entry or below it). */
export function navItemForPath(pathname: string): NavItem | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/') return NAV_ITEMS[0];
  return NAV_ITEMS.find((item) => item.path !== '/' && (path === item.path || path.startsWith(`${item.path}/`)));
}

/** Whether the user's roles include the navigation entry that a path belongs to. */
export function canVisit(roles: readonly string[], pathname: string): boolean {
  const item = navItemForPath(pathname);
  return item !== undefined && navigationFor(roles).some((entry) => entry.key === item.key);
}
