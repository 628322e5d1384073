import { describe, expect, it } from 'vitest';
import { manifestOf } from '../../../test/learn-fixtures.js';
import { dashboardOrder, place, progressPercent, scoCount } from './dashboard.js';

const now = new Date('2026-06-15T12:00:00Z');
const at = (iso: string) => new Date(iso);
const base = { enrolledAt: at('2026-01-01T00:00:00Z'), lastAccessAt: null, completedAt: null };

describe('learner dashboard placement', () => {
  it('is overdue from the instant after the due date, and only while not done', () => {
    expect(place({ ...base, status: 'in_progress', dueAt: at('2026-06-15T11:59:59Z') }, now)).toEqual({ bucket: 'overdue', overdue: true, dueSoon: false });
    expect(place({ ...base, status: 'not_started', dueAt: at('2026-06-15T12:00:00Z') }, now)).toEqual({ bucket: 'due_soon', overdue: false, dueSoon: true });
    expect(place({ ...base, status: 'failed', dueAt: at('2026-06-01T00:00:00Z') }, now).bucket).toBe('overdue');
    expect(place({ ...base, status: 'passed', dueAt: at('2026-06-01T00:00:00Z') }, now)).toEqual({ bucket: 'completed', overdue: false, dueSoon: false });
  });

  it('is due soon within seven days, not after', () => {
    expect(place({ ...base, status: 'in_progress', dueAt: at('2026-06-22T12:00:00Z') }, now).dueSoon).toBe(true);
    expect(place({ ...base, status: 'in_progress', dueAt: at('2026-06-22T12:00:01Z') }, now)).toEqual({ bucket: 'in_progress', overdue: false, dueSoon: false });
    expect(place({ ...base, status: 'not_started', dueAt: null }, now).bucket).toBe('not_started');
  });

  it('orders buckets and, inside them, the most urgent first', () => {
    const items = [
      { ...base, name: 'done old', status: 'completed' as const, dueAt: null, completedAt: at('2026-03-01T00:00:00Z') },
      { ...base, name: 'done new', status: 'completed' as const, dueAt: null, completedAt: at('2026-06-01T00:00:00Z') },
      { ...base, name: 'late 1d', status: 'not_started' as const, dueAt: at('2026-06-14T12:00:00Z') },
      { ...base, name: 'late 3d', status: 'in_progress' as const, dueAt: at('2026-06-12T12:00:00Z') },
      { ...base, name: 'open', status: 'not_started' as const, dueAt: null },
      { ...base, name: 'busy', status: 'in_progress' as const, dueAt: null, lastAccessAt: at('2026-06-14T00:00:00Z') },
      { ...base, name: 'soon', status: 'not_started' as const, dueAt: at('2026-06-16T12:00:00Z') },
    ];
    expect(dashboardOrder(items, now).map((i) => i.name)).toEqual(['late 3d', 'late 1d', 'soon', 'busy', 'open', 'done new', 'done old']);
  });

  it('counts progress by the SCOs of the default organization', () => {
    const manifest = manifestOf('2004', 'Three', [
      { id: 'A', title: 'A' },
      { id: 'B', title: 'B' },
      { id: 'C', title: 'C' },
    ]);
    expect(scoCount(manifest)).toBe(3);
    expect(progressPercent('in_progress', 1, 3)).toBe(33);
    expect(progressPercent('in_progress', 3, 3)).toBe(99);
    expect(progressPercent('passed', 0, 3)).toBe(100);
    // A failed single-SCO course is finished: 100 %, not 99 % (its status says it failed).
    expect(progressPercent('failed', 1, 1)).toBe(100);
    expect(progressPercent('not_started', 0, 0)).toBe(0);
  });
});
