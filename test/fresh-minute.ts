import { vi } from 'vitest';

/** The last minute (minutes since the epoch) a call moved the clock to. */
let lastMinute = 0;

/**
 * Moves the clock (Date only) to one second into a minute no earlier call used and no request
 * before it could have (a minute after the real one), so a test of per-minute counters starts
 * with fresh windows and no window ends half-way through it. Undo with vi.useRealTimers().
 *
 * The clock stays as close to the real one as that allows: the database writes some times with
 * its own clock (a session's last activity), and a test whose clock ran further ahead than a
 * site's idle limit (20 minutes) would find its sessions idle. A count of calls added to the real
 * time did that once enough tests of one worker had called it.
 */
export function startOfAFreshMinute(): void {
  const realMinute = Math.floor(vi.getRealSystemTime() / 60_000);
  lastMinute = Math.max(realMinute + 1, lastMinute + 1);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(lastMinute * 60_000 + 1_000);
}
