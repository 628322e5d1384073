import { describe, expect, it } from 'vitest';
import { canVisit, navigationFor, navItemForPath, primaryRole } from './roles';

const keys = (roles: string[]) => navigationFor(roles).map((item) => item.key);

describe('primaryRole', () => {
  it('prefers admin > manager > instructor > learner', () => {
    expect(primaryRole(['learner', 'admin'])).toBe('admin');
    expect(primaryRole(['learner', 'manager', 'instructor'])).toBe('manager');
    expect(primaryRole(['learner', 'instructor'])).toBe('instructor');
    expect(primaryRole(['learner'])).toBe('learner');
  });

  it('treats a user without a known role as a learner', () => {
    expect(primaryRole([])).toBe('learner');
    expect(primaryRole(['auditor'])).toBe('learner');
  });
});

describe('navigationFor', () => {
  it('gives each role its entries', () => {
    expect(keys(['admin'])).toEqual(['dashboard', 'users', 'groups', 'courses', 'reports', 'settings']);
    expect(keys(['manager'])).toEqual(['dashboard', 'team', 'reports']);
    expect(keys(['instructor'])).toEqual(['dashboard', 'courses']);
    expect(keys(['learner'])).toEqual(['dashboard', 'myCourses']);
  });

  it('combines the entries of several roles once each', () => {
    expect(keys(['learner', 'manager'])).toEqual(['dashboard', 'myCourses', 'team', 'reports']);
    expect(keys(['admin', 'instructor'])).toEqual(['dashboard', 'users', 'groups', 'courses', 'reports', 'settings']);
  });

  it('ignores unknown roles', () => {
    expect(keys(['auditor', 'instructor'])).toEqual(['dashboard', 'courses']);
    expect(keys([])).toEqual(['dashboard', 'myCourses']);
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

  it('allows only the sections of the user’s roles', () => {
    expect(canVisit(['learner'], '/my-courses')).toBe(true);
    expect(canVisit(['learner'], '/users')).toBe(false);
    expect(canVisit(['manager'], '/settings')).toBe(false);
    expect(canVisit(['admin'], '/settings')).toBe(true);
    expect(canVisit(['instructor'], '/courses/1')).toBe(true);
  });
});
