import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../../src/platform/access/policy';
import { platformPolicies } from '../../../../src/platform/access/platform-policies';
import type { Role } from '../../../../src/platform/identity/identity.contract';
import { coursesPolicy } from '../../../../src/learn/courses/courses.policy';
import { enrolmentsPolicy } from '../../../../src/learn/enrolments/enrolments.policy';
import { pathsPolicy } from '../../../../src/learn/paths/paths.policy';
import { reportsPolicy } from '../../../../src/learn/reports/reports.policy';
import { teamPolicy } from '../../../../src/learn/team/team.policy';
import { lrsKeysPolicy } from '../../../../src/lrs/keys/lrs-keys.policy';
import { canVisit, dashboardFor, navigationFor, navItemForPath } from './roles';

// The Space's policy module brings the platform's Fastify types, which the web app's type check does
// not load: it is read at run time only.
const SPACE_POLICY = '../../../../src/space/space.policy';
const { spaceWorkspacePolicy } = (await import(/* @vite-ignore */ SPACE_POLICY)) as { spaceWorkspacePolicy: Parameters<typeof permissionsOf>[1][number] };
const MARKET_POLICY = '../../../../src/market/market.policy';
const { marketStorePolicy } = (await import(/* @vite-ignore */ MARKET_POLICY)) as { marketStorePolicy: Parameters<typeof permissionsOf>[1][number] };

/** What `/api/me/permissions` answers a user with these roles: the server's own policies, asked here directly. */
function permissionsFor(roles: Role[]): Set<string> {
  return new Set(permissionsOf({ kind: 'user', userId: 'u-1', roles }, [...platformPolicies, coursesPolicy, enrolmentsPolicy, pathsPolicy, reportsPolicy, teamPolicy, lrsKeysPolicy, spaceWorkspacePolicy, marketStorePolicy]));
}
const keys = (roles: Role[]) => navigationFor(permissionsFor(roles)).map((item) => item.key);

describe('navigationFor (from the permissions the server grants)', () => {
  it('gives each role its sections; everyone reaches their own courses and purchases; administrators run the store', () => {
    expect(keys(['admin'])).toEqual(['dashboard', 'myCourses', 'purchases', 'users', 'groups', 'courses', 'paths', 'reports', 'lrs', 'space', 'store', 'audit', 'updateMails', 'accessReviews', 'privacyRequests', 'staffAccess', 'settings']);
    expect(keys(['manager'])).toEqual(['dashboard', 'myCourses', 'purchases', 'team', 'paths', 'reports', 'space']);
    expect(keys(['instructor'])).toEqual(['dashboard', 'myCourses', 'purchases', 'courses', 'paths', 'space']);
    expect(keys(['learner'])).toEqual(['dashboard', 'myCourses', 'purchases', 'space']);
  });

  it('combines the sections of several roles once each; the user administration replaces the team view', () => {
    expect(keys(['learner', 'manager'])).toEqual(['dashboard', 'myCourses', 'purchases', 'team', 'paths', 'reports', 'space']);
    expect(keys(['admin', 'manager'])).toEqual(['dashboard', 'myCourses', 'purchases', 'users', 'groups', 'courses', 'paths', 'reports', 'lrs', 'space', 'store', 'audit', 'updateMails', 'accessReviews', 'privacyRequests', 'staffAccess', 'settings']);
  });

  it('a user whose roles are all withheld (two-factor set-up pending) still reaches their dashboard, courses, purchases and the Space', () => {
    expect(keys([])).toEqual(['dashboard', 'myCourses', 'purchases', 'space']);
    expect(navigationFor(new Set()).map((item) => item.key)).toEqual(['dashboard']);
  });
});

describe('dashboardFor', () => {
  it('shows the dashboard of the broadest work the user may do', () => {
    expect(dashboardFor(permissionsFor(['learner', 'admin']))).toBe('admin');
    expect(dashboardFor(permissionsFor(['learner', 'manager', 'instructor']))).toBe('manager');
    expect(dashboardFor(permissionsFor(['learner', 'instructor']))).toBe('instructor');
    expect(dashboardFor(permissionsFor(['learner']))).toBe('learner');
    expect(dashboardFor(new Set())).toBe('learner');
  });
});

describe('navItemForPath and canVisit', () => {
  it('finds the entry of a path, its sub-pages and trailing slashes', () => {
    expect(navItemForPath('/')?.key).toBe('dashboard');
    expect(navItemForPath('/users')?.key).toBe('users');
    expect(navItemForPath('/users/')?.key).toBe('users');
    expect(navItemForPath('/courses/42/edit')?.key).toBe('courses');
    expect(navItemForPath('/usersx')).toBeUndefined();
    expect(navItemForPath('/nowhere')).toBeUndefined();
  });

  it('opens only the sections the permissions open', () => {
    expect(canVisit(permissionsFor(['learner']), '/my-courses')).toBe(true);
    expect(canVisit(permissionsFor(['learner']), '/users')).toBe(false);
    expect(canVisit(permissionsFor(['manager']), '/settings')).toBe(false);
    expect(canVisit(permissionsFor(['admin']), '/settings')).toBe(true);
    expect(canVisit(permissionsFor(['admin']), '/lrs')).toBe(true);
    expect(canVisit(permissionsFor(['manager']), '/lrs')).toBe(false);
    expect(canVisit(permissionsFor(['instructor']), '/courses/1')).toBe(true);
    expect(canVisit(permissionsFor(['manager']), '/paths/1')).toBe(true);
    expect(canVisit(permissionsFor(['learner']), '/paths')).toBe(false);
    expect(canVisit(permissionsFor(['learner']), '/space/folders/1')).toBe(true);
    expect(canVisit(permissionsFor(['admin']), '/market/orders/1')).toBe(true);
    expect(canVisit(permissionsFor(['manager']), '/market')).toBe(false);
    expect(canVisit(permissionsFor(['learner']), '/purchases')).toBe(true);
  });
});
