import { describe, expect, it } from 'vitest';
import { apiQueryOf, exportUrlOf, pageCount, searchOf, usersViewFrom } from './usersQuery';

describe('usersViewFrom', () => {
  it('reads search, role, status and page from the address', () => {
    expect(usersViewFrom(new URLSearchParams('q=ada&role=manager&status=deactivated&page=3'))).toEqual({
      q: 'ada',
      role: 'manager',
      status: 'deactivated',
      page: 3,
    });
  });

  it('ignores what it does not know', () => {
    expect(usersViewFrom(new URLSearchParams('role=king&status=gone&page=-2'))).toEqual({
      q: '',
      role: undefined,
      status: undefined,
      page: 1,
    });
    expect(usersViewFrom(new URLSearchParams('page=abc')).page).toBe(1);
  });
});

describe('searchOf and apiQueryOf', () => {
  it('leave defaults out of the address', () => {
    expect(searchOf({ q: '  ', role: undefined, status: undefined, page: 1 }).toString()).toBe('');
    expect(searchOf({ q: 'ada', role: 'admin', status: 'active', page: 2 }).toString()).toBe('q=ada&role=admin&status=active&page=2');
  });

  it('turn the page into limit and offset', () => {
    expect(apiQueryOf({ q: 'ada', role: undefined, status: undefined, page: 3 }, 25)).toBe('q=ada&limit=25&offset=50');
  });

  it('export every page the filters select, in the language of the UI', () => {
    expect(exportUrlOf({ q: 'ada', role: 'manager', status: undefined, page: 3 }, 'de-DE')).toBe('/api/admin/users/export?q=ada&role=manager&lang=de');
    expect(exportUrlOf({ q: '', role: undefined, status: 'deactivated', page: 1 }, 'en')).toBe('/api/admin/users/export?status=deactivated&lang=en');
  });
});

describe('pageCount', () => {
  it('has at least one page', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });
});
