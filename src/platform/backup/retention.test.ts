import { describe, expect, it } from 'vitest';
import { snapshotsToKeep } from './retention.js';

const at = (iso: string) => ({ id: iso, createdAt: new Date(iso) });

describe('the retention of snapshots', () => {
  // Every day at 03:00 UTC from 1 October to 30 November 2026, and a second one on the last day.
  const daily = Array.from({ length: 61 }, (_, i) => at(new Date(Date.UTC(2026, 9, 1 + i, 3)).toISOString()));
  const all = [...daily, at('2026-11-30T15:00:00.000Z')];

  it('keeps the newest of each of the last 7 days and of each of the 4 weeks before them (default policy)', () => {
    const kept = [...snapshotsToKeep(all, { keepDaily: 7, keepWeekly: 4 })].sort();
    expect(kept).toEqual(
      [
        // Seven days, the 30th by its later snapshot.
        '2026-11-24T03:00:00.000Z', '2026-11-25T03:00:00.000Z', '2026-11-26T03:00:00.000Z', '2026-11-27T03:00:00.000Z',
        '2026-11-28T03:00:00.000Z', '2026-11-29T03:00:00.000Z', '2026-11-30T15:00:00.000Z',
        // The weeks before (Monday to Sunday), each by its newest: the Sunday, as the week of the 23rd has a daily one already.
        '2026-11-22T03:00:00.000Z', '2026-11-15T03:00:00.000Z', '2026-11-08T03:00:00.000Z', '2026-11-01T03:00:00.000Z',
      ].sort(),
    );
  });

  it('always keeps the newest, keeps everything it is asked to, and nothing weekly when told so', () => {
    expect([...snapshotsToKeep([at('2026-01-01T00:00:00.000Z')], { keepDaily: 1, keepWeekly: 0 })]).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(snapshotsToKeep(all, { keepDaily: 1, keepWeekly: 0 })).toEqual(new Set(['2026-11-30T15:00:00.000Z']));
    expect(snapshotsToKeep(daily, { keepDaily: 366, keepWeekly: 0 }).size).toBe(daily.length);
    expect(snapshotsToKeep([], { keepDaily: 7, keepWeekly: 4 }).size).toBe(0);
  });
});
