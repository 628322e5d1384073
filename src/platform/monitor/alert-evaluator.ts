import type { AlertNotice, AlertSeverity } from './alert-notice.js';
import { alertKeyOf, componentMatches, type Observation } from './alert-rules.js';

/**
 * The alert state machine, without clock or storage of its own (so it is tested with a fake
 * clock and runs the same from the database or from memory):
 *
 *   inactive -> pending (the condition holds; waiting for the rule's `for`)
 *            -> firing (warning | critical) -> resolved (the condition ended; the alert is gone)
 *
 * A firing notice goes out when an alert starts firing, when its severity changes and again
 * every `repeatMs` while it lasts; a resolved notice when it ends, if a firing notice went out.
 * A silenced alert is tracked and shown, but no notice goes out for it; when the silence ends
 * and the alert still fires, its notice goes out then. Evaluating twice with the same input
 * sends nothing the second time.
 */
export interface AlertState {
  alertKey: string;
  rule: string;
  component: string;
  state: 'pending' | 'firing';
  severity: AlertSeverity;
  value: number | null;
  summary: string;
  activeSince: Date;
  firingSince: Date | null;
  /** Severity of the last firing notice sent; null: none sent (pending, or silenced all along). */
  notifiedSeverity: AlertSeverity | null;
  notifiedAt: Date | null;
}

export interface Silence {
  id: string;
  rule: string;
  component: string;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
}

export type HistoryEvent = 'pending' | 'firing' | 'escalated' | 'deescalated' | 'resolved' | 'cleared';

export interface HistoryEntry {
  at: Date;
  alertKey: string;
  rule: string;
  component: string;
  event: HistoryEvent;
  severity: AlertSeverity | null;
  summary: string;
}

export interface Evaluation {
  /** The alerts that are pending or firing after this evaluation (resolved ones are gone). */
  states: AlertState[];
  /** The notices to send now. */
  notices: AlertNotice[];
  /** Transitions, for the history. */
  history: HistoryEntry[];
}

/** Whether a silence covers the alert now (a silence names a rule or `*`, and a component pattern). */
export function silenceCovers(silence: Silence, rule: string, component: string, now: Date): boolean {
  return silence.startsAt <= now && now < silence.endsAt && (silence.rule === '*' || silence.rule === rule) && componentMatches(silence.component, component);
}

export function isSilenced(silences: readonly Silence[], rule: string, component: string, now: Date): boolean {
  return silences.some((s) => silenceCovers(s, rule, component, now));
}

const RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

export function evaluateAlerts(input: {
  previous: readonly AlertState[];
  observations: readonly Observation[];
  silences: readonly Silence[];
  now: Date;
  repeatMs: number;
  /** Alerts without an observation that stay as they are (their check failed this time); the others end. */
  keep?: (state: AlertState) => boolean;
}): Evaluation {
  const { now, silences, repeatMs } = input;
  const previous = new Map(input.previous.map((s) => [s.alertKey, s]));
  const observed = new Map(input.observations.map((o) => [alertKeyOf(o.rule.name, o.component), o]));
  const states: AlertState[] = [];
  const notices: AlertNotice[] = [];
  const history: HistoryEntry[] = [];
  const record = (s: { alertKey: string; rule: string; component: string }, event: HistoryEvent, severity: AlertSeverity | null, summary: string) =>
    history.push({ at: now, alertKey: s.alertKey, rule: s.rule, component: s.component, event, severity, summary });
  const notice = (s: AlertState, state: AlertNotice['state']): AlertNotice => ({
    alertKey: s.alertKey,
    rule: s.rule,
    component: s.component,
    severity: s.severity,
    state,
    summary: s.summary,
    ...(s.value !== null ? { value: s.value } : {}),
    since: s.firingSince ?? s.activeSince,
    at: now,
  });

  for (const [key, before] of previous) {
    const observation = observed.get(key);
    // Not measured this time (a value the check could not take, a check that failed): the alert stays as it was.
    if (observation?.level === 'unknown' || (!observation && input.keep?.(before))) {
      states.push(before);
      continue;
    }
    // Nothing observes it any more (the rule was disabled or removed, the component is gone): it ends.
    if (!observation) {
      const summary = `${before.summary} (no longer checked)`;
      record(before, before.state === 'pending' ? 'cleared' : 'resolved', before.severity, summary);
      if (before.notifiedSeverity !== null) notices.push(notice({ ...before, summary }, 'resolved'));
      continue;
    }
    if (observation.level === null) {
      if (before.state === 'pending') record(before, 'cleared', before.severity, observation.summary);
      else {
        const resolved = { ...before, summary: observation.summary, value: observation.value ?? before.value };
        record(before, 'resolved', before.severity, observation.summary);
        if (before.notifiedSeverity !== null) notices.push(notice(resolved, 'resolved'));
      }
      continue;
    }
    states.push(advance(before, observation, observation.level));
  }
  for (const [key, observation] of observed) {
    if (previous.has(key) || observation.level === null || observation.level === 'unknown') continue;
    const fresh: AlertState = {
      alertKey: key,
      rule: observation.rule.name,
      component: observation.component,
      state: 'pending',
      severity: observation.level,
      value: observation.value ?? null,
      summary: observation.summary,
      activeSince: now,
      firingSince: null,
      notifiedSeverity: null,
      notifiedAt: null,
    };
    record(fresh, 'pending', fresh.severity, fresh.summary);
    states.push(advance(fresh, observation, observation.level));
  }
  return { states, notices, history };

  /** A pending or firing alert whose condition holds now: fires once `for` has passed; notifies as due. */
  function advance(before: AlertState, observation: Observation, level: AlertSeverity): AlertState {
    const next: AlertState = { ...before, severity: level, value: observation.value ?? null, summary: observation.summary };
    if (next.state === 'pending' && now.getTime() - next.activeSince.getTime() >= observation.rule.forMs) {
      next.state = 'firing';
      next.firingSince = now;
      record(next, 'firing', level, next.summary);
    } else if (next.state === 'firing' && before.severity !== level) {
      record(next, RANK[level] > RANK[before.severity] ? 'escalated' : 'deescalated', level, next.summary);
    }
    if (next.state !== 'firing' || isSilenced(silences, next.rule, next.component, now)) return next;
    const changed = next.notifiedSeverity !== level;
    const due = next.notifiedAt !== null && now.getTime() - next.notifiedAt.getTime() >= repeatMs;
    if (changed || due) {
      notices.push(notice(next, 'firing'));
      next.notifiedSeverity = level;
      next.notifiedAt = now;
    }
    return next;
  }
}
