import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, fetchSessionStatus, keepSessionAlive, KEEP_ALIVE_PATH, SESSION_STATUS_PATH, SIGN_OUT_PATH, type SessionStatus } from '../api';
import { clockSkewFromKeepAlive, parseDeadlines, sessionAction, sessionTimerState, type SessionAction, type SessionDeadlines, type SessionTimerState } from './sessionTimer';

/** How often the deadline is asked for without any other reason. */
export const POLL_INTERVAL_MS = 60_000;
/** After a burst of requests, one status question a little later (activity moves the deadline). */
const AFTER_ACTIVITY_DELAY_MS = 1_000;
const OWN_PATHS = new Set([SESSION_STATUS_PATH, KEEP_ALIVE_PATH, SIGN_OUT_PATH]);

interface Known {
  deadlines: SessionDeadlines;
  /** Client time of the answer they came from. */
  checkedAt: number;
}

export interface SessionTimer {
  /** Undefined until the first answer. */
  state: SessionTimerState | undefined;
  /** warn: show the countdown; end: the time is up (both confirmed by the server). */
  action: SessionAction;
  keepAlive: () => Promise<void>;
}

/**
 * Follows the end of the signed-in session: asks the server now and then (every minute, on
 * returning to the tab, shortly after the app's own requests) and looks at the clock exactly
 * when something changes (warning starts, countdown second, end).
 */
export function useSessionTimer(): SessionTimer {
  const [known, setKnown] = useState<Known>();
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef<Promise<void> | null>(null);

  // Client clock minus server clock, once a keep-alive has shown it (0 until then).
  const skew = useRef(0);

  const remember = useCallback((status: SessionStatus) => {
    const checkedAt = Date.now();
    const deadlines = parseDeadlines(status, skew.current);
    if (deadlines) setKnown({ deadlines, checkedAt });
    setNow(checkedAt);
  }, []);

  const refresh = useCallback(() => {
    // A 401 here reaches the auth-lost listeners, which end the session in the UI.
    inFlight.current ??= fetchSessionStatus(api)
      .then(remember)
      .catch(() => {
        // No answer (offline): go by what is known rather than wait for a confirmation forever.
        // A 401 has already ended the session through the auth-lost listeners.
        setKnown((previous) => previous && { ...previous, checkedAt: Date.now() });
      })
      .finally(() => {
        inFlight.current = null;
      });
    return inFlight.current;
  }, [remember]);

  const keepAlive = useCallback(async () => {
    const status = await keepSessionAlive(api);
    skew.current = clockSkewFromKeepAlive(status, Date.now()) ?? skew.current;
    remember(status);
  }, [remember]);

  // Asking: at once, every minute, on coming back to the tab, and after the app's own requests.
  useEffect(() => {
    void refresh();
    const poll = window.setInterval(() => void refresh(), POLL_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    const onFocus = () => void refresh();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onFocus);
    let afterActivity: number | undefined;
    const unsubscribe = api.onResponse(({ path, status }) => {
      if (OWN_PATHS.has(path) || status === 401) return;
      window.clearTimeout(afterActivity);
      afterActivity = window.setTimeout(() => void refresh(), AFTER_ACTIVITY_DELAY_MS);
    });
    return () => {
      window.clearInterval(poll);
      window.clearTimeout(afterActivity);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onFocus);
      unsubscribe();
    };
  }, [refresh]);

  const state = useMemo(() => (known ? sessionTimerState(known.deadlines, now) : undefined), [known, now]);
  const action = known ? sessionAction(known.deadlines, known.checkedAt, now) : 'none';

  // Looking at the clock again exactly when the picture can change.
  useEffect(() => {
    if (!state) return;
    const timer = window.setTimeout(() => {
      setNow(Date.now());
    }, state.nextCheckInMs);
    return () => {
      window.clearTimeout(timer);
    };
  }, [state]);

  useEffect(() => {
    if (action === 'ask') void refresh();
  }, [action, refresh]);

  return { state, action, keepAlive };
}
