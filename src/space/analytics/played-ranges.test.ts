import { describe, expect, it } from 'vitest';
import { cappedSeconds, coveredSeconds, MAX_RANGES, mergeRanges } from './played-ranges.js';

describe('mergeRanges', () => {
  it('joins overlapping and touching ranges, sorted', () => {
    expect(mergeRanges([[10, 20]], [[0, 5], [15, 30], [30.2, 40]], 60)).toEqual([[0, 5], [10, 40]]);
  });

  it('clamps to the media and drops empty or reversed ranges', () => {
    expect(mergeRanges([], [[-5, 3], [50, 90], [7, 7], [9, 8]], 60)).toEqual([[0, 3], [50, 60]]);
  });

  it('keeps no more than the maximum, joining the closest neighbours', () => {
    const many = Array.from({ length: MAX_RANGES + 10 }, (_, i): [number, number] => [i * 10, i * 10 + 1]);
    const merged = mergeRanges([], many, null);
    expect(merged).toHaveLength(MAX_RANGES);
    expect(merged[0]![0]).toBe(0);
    expect(merged.at(-1)![1]).toBe((MAX_RANGES + 9) * 10 + 1);
  });

  it('counts the seconds covered', () => {
    expect(coveredSeconds([[0, 5], [10, 12.5]])).toBe(7.5);
  });
});

describe('cappedSeconds', () => {
  const startedAt = new Date('2031-01-01T10:00:00Z');
  it('adds what the page reports within the time since it last reported', () => {
    expect(cappedSeconds({ reported: 15, already: 30, startedAt, lastSeenAt: new Date('2031-01-01T10:00:30Z'), now: new Date('2031-01-01T10:00:45Z') })).toBe(45);
  });

  it('never counts more than the wall time, however much the page claims', () => {
    expect(cappedSeconds({ reported: 3600, already: 0, startedAt, lastSeenAt: startedAt, now: new Date('2031-01-01T10:00:10Z') })).toBe(10);
    expect(cappedSeconds({ reported: 3600, already: 10, startedAt, lastSeenAt: new Date('2031-01-01T10:00:10Z'), now: new Date('2031-01-01T10:00:11Z') })).toBe(11);
  });
});
