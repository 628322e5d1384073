// When to warn about and when to end a session, from the deadlines the server reports.
// Pure: the caller passes the clock, so the rules are unit-tested without timers.

/** How long before the end the warning appears. */
export const WARNING_LEAD_MS = 60_000;
/** The longest wait between two looks at the clock (a sleeping laptop skips timers). */
export const MAX_TICK_MS = 60_000;

export interface SessionDeadlines {
  /** Epoch milliseconds at which the session ends without activity. */
  idleExpiresAt: number;
  /** Epoch milliseconds at which the session ends whatever the activity. */
  expiresAt: number;
}

export type SessionPhase =
  /** Nothing to show yet. */
  | 'active'
  /** Less than WARNING_LEAD_MS left: the warning with its countdown. */
  | 'warning'
  /** The deadline has passed. */
  | 'expired';

export interface SessionTimerState {
  phase: SessionPhase;
  /** Which deadline comes first: only an idle deadline can be moved by "Stay signed in". */
  reason: 'idle' | 'absolute';
  /** Milliseconds until the first deadline; 0 once passed. */
  remainingMs: number;
  /** When to look again: the start of the warning, the next second of the countdown, or the end. */
  nextCheckInMs: number;
}

/**
 * Reads the ISO timestamps of a status answer onto the client's clock (`skewMs`: client clock
 * minus server clock); undefined when one is not a valid date.
 */
export function parseDeadlines(status: { idleExpiresAt: string; expiresAt: string }, skewMs = 0): SessionDeadlines | undefined {
  const idleExpiresAt = Date.parse(status.idleExpiresAt);
  const expiresAt = Date.parse(status.expiresAt);
  if (Number.isNaN(idleExpiresAt) || Number.isNaN(expiresAt)) return undefined;
  return { idleExpiresAt: idleExpiresAt + skewMs, expiresAt: expiresAt + skewMs };
}

/**
 * Client clock minus server clock, learnt from a keep-alive answer: the server has just counted
 * activity, so its idle deadline is its "now" plus the idle timeout. Undefined when the idle
 * deadline was cut short by the absolute end (then it says nothing about "now").
 */
export function clockSkewFromKeepAlive(
  status: { idleExpiresAt: string; expiresAt: string; idleTimeoutSeconds: number },
  clientNow: number,
): number | undefined {
  const idleExpiresAt = Date.parse(status.idleExpiresAt);
  const expiresAt = Date.parse(status.expiresAt);
  if (Number.isNaN(idleExpiresAt) || Number.isNaN(expiresAt) || idleExpiresAt >= expiresAt) return undefined;
  return clientNow - (idleExpiresAt - status.idleTimeoutSeconds * 1000);
}

export function sessionTimerState(deadlines: SessionDeadlines, now: number, leadMs = WARNING_LEAD_MS): SessionTimerState {
  const reason = deadlines.expiresAt < deadlines.idleExpiresAt ? 'absolute' : 'idle';
  const deadline = Math.min(deadlines.idleExpiresAt, deadlines.expiresAt);
  const remainingMs = Math.max(0, deadline - now);
  if (remainingMs === 0) return { phase: 'expired', reason, remainingMs, nextCheckInMs: MAX_TICK_MS };
  if (remainingMs > leadMs) {
    return { phase: 'active', reason, remainingMs, nextCheckInMs: Math.min(remainingMs - leadMs, MAX_TICK_MS) };
  }
  // The countdown shows whole seconds rounded up: look again when the shown number changes.
  const toNextSecond = remainingMs % 1000 === 0 ? 1000 : remainingMs % 1000;
  return { phase: 'warning', reason, remainingMs, nextCheckInMs: toNextSecond };
}

/** "0:59", "1:00", "12:05": minutes and seconds left, seconds rounded up so 0:00 means the end. */
export function formatCountdown(remainingMs: number): string {
  const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes)}:${String(seconds).padStart(2, '0')}`;
}

export const ANNOUNCED_SECONDS = [60, 30, 10, 5] as const;

/**
 * What a screen reader hears of the countdown (every second would drown everything else): the
 * number of seconds of the last mark reached (60, 30, 10, 5). It changes exactly when a mark is
 * reached, so a live region holding it speaks then and stays quiet in between.
 */
export function announcedSeconds(remainingMs: number): number {
  const seconds = Math.ceil(remainingMs / 1000);
  let mark: number = ANNOUNCED_SECONDS[0];
  for (const candidate of ANNOUNCED_SECONDS) if (seconds <= candidate) mark = candidate;
  return mark;
}

/**
 * What to do now: nothing; ask the server first (another tab may have kept the session alive,
 * so a warning or an end is only acted on with an answer from after the warning began); show the
 * warning; or end the session (the server's own answer, given after the deadline, still has it passed).
 */
export type SessionAction = 'none' | 'ask' | 'warn' | 'end';

export function sessionAction(deadlines: SessionDeadlines, checkedAt: number, now: number, leadMs = WARNING_LEAD_MS): SessionAction {
  const deadline = Math.min(deadlines.idleExpiresAt, deadlines.expiresAt);
  switch (sessionTimerState(deadlines, now, leadMs).phase) {
    case 'active':
      return 'none';
    case 'warning':
      return checkedAt >= deadline - leadMs ? 'warn' : 'ask';
    case 'expired':
      return checkedAt >= deadline ? 'end' : 'ask';
  }
}
