import { describe, expect, it } from 'vitest';
import { anyPending, lastCourse } from './publications';
import type { PublicationView } from './publishing.api';

function publication(id: string, fields: Partial<PublicationView> = {}): PublicationView {
  return { id, version: 1, status: 'published', course: null, errorCode: null, publishedBy: 'u', createdAt: '2031-05-01T10:00:00Z', finishedAt: null, ...fields };
}

describe('publications', () => {
  it('waits while Learn imports one', () => {
    expect(anyPending([publication('a'), publication('b', { status: 'pending' })])).toBe(true);
    expect(anyPending([publication('a'), publication('b', { status: 'failed' })])).toBe(false);
    expect(anyPending([])).toBe(false);
  });

  it('finds the course the file arrived in last', () => {
    const list = [
      publication('old', { createdAt: '2031-05-01T10:00:00Z', course: { id: 'c1', title: 'Safety', version: 1 } }),
      publication('failed', { createdAt: '2031-05-03T10:00:00Z', status: 'failed', errorCode: 'LEARN_PACKAGE_INVALID' }),
      publication('new', { createdAt: '2031-05-02T10:00:00Z', course: { id: 'c2', title: 'Safety 2', version: 3 } }),
    ];
    expect(lastCourse(list)).toEqual({ id: 'c2', title: 'Safety 2' });
    expect(lastCourse([publication('pending', { status: 'pending' })])).toBeNull();
  });
});
