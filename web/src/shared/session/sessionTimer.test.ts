import { describe, expect, it } from 'vitest';
import { announcedSeconds, clockSkewFromKeepAlive, formatCountdown, parseDeadlines, sessionAction, sessionTimerState } from './sessionTimer';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const min = 60_000;

describe('sessionTimerState', () => {
  it('stays quiet until one minute before the idle deadline, and says when to look again', () => {
    const state = sessionTimerState({ idleExpiresAt: T0 + 20 * min, expiresAt: T0 + 12 * 60 * min }, T0);
    expect(state).toEqual({ phase: 'active', reason: 'idle', remainingMs: 20 * min, nextCheckInMs: 60_000 });
    // Close to the warning: wake exactly when it starts.
    expect(sessionTimerState({ idleExpiresAt: T0 + 90_000, expiresAt: T0 + 10 * min }, T0).nextCheckInMs).toBe(30_000);
  });

  it('warns within the last minute and ticks on the next whole second of the countdown', () => {
    const deadlines = { idleExpiresAt: T0 + 5 * min, expiresAt: T0 + 60 * min };
    expect(sessionTimerState(deadlines, T0 + 4 * min)).toMatchObject({ phase: 'warning', remainingMs: 60_000, nextCheckInMs: 1000 });
    expect(sessionTimerState(deadlines, T0 + 4 * min + 1)).toMatchObject({ phase: 'warning', remainingMs: 59_999, nextCheckInMs: 999 });
    expect(sessionTimerState(deadlines, T0 + 4 * min - 1).phase).toBe('active');
    expect(sessionTimerState(deadlines, T0 + 5 * min - 250)).toMatchObject({ phase: 'warning', remainingMs: 250, nextCheckInMs: 250 });
  });

  it('is expired at and after the deadline', () => {
    const deadlines = { idleExpiresAt: T0 + 5 * min, expiresAt: T0 + 60 * min };
    expect(sessionTimerState(deadlines, T0 + 5 * min)).toMatchObject({ phase: 'expired', remainingMs: 0 });
    expect(sessionTimerState(deadlines, T0 + 6 * min)).toMatchObject({ phase: 'expired', remainingMs: 0 });
  });

  it('uses the absolute end when it comes before the idle deadline', () => {
    const state = sessionTimerState({ idleExpiresAt: T0 + 20 * min, expiresAt: T0 + 30_000 }, T0);
    expect(state).toMatchObject({ phase: 'warning', reason: 'absolute', remainingMs: 30_000 });
  });

  it('takes another lead time', () => {
    expect(sessionTimerState({ idleExpiresAt: T0 + 2 * min, expiresAt: T0 + 60 * min }, T0, 3 * min).phase).toBe('warning');
  });
});

describe('parseDeadlines', () => {
  it('reads the ISO timestamps of the status answer', () => {
    expect(parseDeadlines({ idleExpiresAt: '2025-03-01T10:20:00.000Z', expiresAt: '2025-03-01T22:00:00.000Z' })).toEqual({
      idleExpiresAt: T0 + 20 * min,
      expiresAt: T0 + 12 * 60 * min,
    });
  });

  it('moves the deadlines onto a client clock that is ahead or behind', () => {
    const status = { idleExpiresAt: '2025-03-01T10:20:00.000Z', expiresAt: '2025-03-01T22:00:00.000Z' };
    expect(parseDeadlines(status, 90_000)).toEqual({ idleExpiresAt: T0 + 20 * min + 90_000, expiresAt: T0 + 12 * 60 * min + 90_000 });
  });

  it('refuses what is not a date', () => {
    expect(parseDeadlines({ idleExpiresAt: 'soon', expiresAt: '2025-03-01T22:00:00.000Z' })).toBeUndefined();
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, seconds rounded up', () => {
    expect(formatCountdown(60_000)).toBe('1:00');
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(59_000)).toBe('0:59');
    expect(formatCountdown(5_500)).toBe('0:06');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(12 * min + 5_000)).toBe('12:05');
  });
});

describe('announcedSeconds', () => {
  it('changes only when 60, 30, 10 and 5 seconds are reached', () => {
    const spoken = [60, 59, 45, 31, 30, 29, 11, 10, 6, 5, 4, 1].map((s) => announcedSeconds(s * 1000));
    expect(spoken).toEqual([60, 60, 60, 60, 30, 30, 30, 10, 10, 5, 5, 5]);
  });
});

describe('sessionAction', () => {
  const deadlines = { idleExpiresAt: T0 + 5 * min, expiresAt: T0 + 60 * min };

  it('does nothing while more than a minute is left', () => {
    expect(sessionAction(deadlines, T0, T0 + 3 * min)).toBe('none');
  });

  it('asks the server again before warning when the last answer is older than the warning', () => {
    expect(sessionAction(deadlines, T0, T0 + 4 * min + 1000)).toBe('ask');
    expect(sessionAction(deadlines, T0 + 4 * min + 500, T0 + 4 * min + 1000)).toBe('warn');
  });

  it('asks again before ending, and ends when an answer from after the deadline still has it passed', () => {
    expect(sessionAction(deadlines, T0 + 4 * min + 500, T0 + 5 * min)).toBe('ask');
    expect(sessionAction(deadlines, T0 + 5 * min + 10, T0 + 5 * min + 20)).toBe('end');
  });
});

describe('clockSkewFromKeepAlive', () => {
  const answer = { idleExpiresAt: '2025-03-01T10:20:00.000Z', expiresAt: '2025-03-01T22:00:00.000Z', idleTimeoutSeconds: 1200 };

  it('is the client clock minus the server clock at the moment of the keep-alive', () => {
    expect(clockSkewFromKeepAlive(answer, T0)).toBe(0);
    expect(clockSkewFromKeepAlive(answer, T0 + 4 * min)).toBe(4 * min);
    expect(clockSkewFromKeepAlive(answer, T0 - 30_000)).toBe(-30_000);
  });

  it('says nothing when the idle deadline was cut short by the absolute end', () => {
    expect(clockSkewFromKeepAlive({ ...answer, expiresAt: '2025-03-01T10:10:00.000Z', idleExpiresAt: '2025-03-01T10:10:00.000Z' }, T0)).toBeUndefined();
  });
});
