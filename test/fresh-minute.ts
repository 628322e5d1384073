import { vi } from 'vitest';

let minutesAhead = 0;

/**
 * Moves the clock (Date only) to one second into a minute no earlier call used, so a test of
 * per-minute counters starts with fresh windows and no window ends half-way through it.
 * Undo with vi.useRealTimers().
 */
export function startOfAFreshMinute(): void {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now - (now % 60_000) + (++minutesAhead + 1) * 60_000 + 1_000);
}
