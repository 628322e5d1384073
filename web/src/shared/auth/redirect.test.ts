import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './redirect';

describe('safeNextPath', () => {
  it('keeps paths on this site, with query and fragment', () => {
    expect(safeNextPath('/courses')).toBe('/courses');
    expect(safeNextPath('/reports?year=2025#top')).toBe('/reports?year=2025#top');
  });

  it.each([
    [null],
    [''],
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example/'],
    ['javascript:alert(1)'],
    ['courses'],
    ['/\t/evil.example'],
    ['/sign-in'],
    ['/sign-in?next=/x'],
  ])('falls back to / for %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});

describe('signInPathFor', () => {
  it('remembers the target in ?next=', () => {
    expect(signInPathFor('/reports?year=2025')).toBe('/sign-in?next=%2Freports%3Fyear%3D2025');
  });

  it('needs no ?next= for the dashboard', () => {
    expect(signInPathFor('/')).toBe('/sign-in');
  });
});
