import type { PlayedRanges } from './analytics.schema.js';

/** At most this many separate ranges are kept per view (a viewer skipping about more is rounded up). */
export const MAX_RANGES = 200;
/** Ranges closer than this are one: a browser reports a pause and play as two that touch. */
const JOIN_GAP = 0.5;

/**
 * The ranges of `a` and `b` together: clamped to [0, duration] (when known), empty ones dropped,
 * sorted, overlapping and touching ones joined, and no more than MAX_RANGES (the closest neighbours
 * joined first).
 */
export function mergeRanges(a: PlayedRanges, b: PlayedRanges, duration: number | null): PlayedRanges {
  const end = duration ?? Infinity;
  const clamped = [...a, ...b]
    .map(([start, stop]): [number, number] => [Math.max(0, Math.min(start, end)), Math.max(0, Math.min(stop, end))])
    .filter(([start, stop]) => stop > start)
    .sort((x, y) => x[0] - y[0]);
  const merged: PlayedRanges = [];
  for (const [start, stop] of clamped) {
    const last = merged.at(-1);
    if (last && start <= last[1] + JOIN_GAP) last[1] = Math.max(last[1], stop);
    else merged.push([start, stop]);
  }
  while (merged.length > MAX_RANGES) {
    let closest = 0;
    for (let i = 1; i < merged.length - 1; i++) if (merged[i + 1]![0] - merged[i]![1] < merged[closest + 1]![0] - merged[closest]![1]) closest = i;
    merged.splice(closest, 2, [merged[closest]![0], merged[closest + 1]![1]]);
  }
  return merged;
}

/** How many seconds the ranges cover. */
export const coveredSeconds = (ranges: PlayedRanges): number => ranges.reduce((sum, [start, stop]) => sum + (stop - start), 0);

/**
 * The seconds a view may add: what the page reports, but never more than the time since it last
 * reported (plus a little for the network), nor more than the time since the view began in all.
 */
export function cappedSeconds(input: { reported: number; already: number; startedAt: Date; lastSeenAt: Date; now: Date }, slackMs = 5000): number {
  const sinceLast = Math.max(0, (input.now.getTime() - input.lastSeenAt.getTime() + slackMs) / 1000);
  const sinceStart = Math.max(0, (input.now.getTime() - input.startedAt.getTime()) / 1000);
  return Math.floor(Math.min(input.already + Math.min(input.reported, sinceLast), Math.max(input.already, sinceStart)));
}
