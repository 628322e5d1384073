import { describe, expect, it } from 'vitest';
import { evaluateAlerts, type AlertState, type Silence } from './alert-evaluator.js';
import type { AlertNotice } from './alert-notice.js';
import { DEFAULT_RULES, observeAll, type AlertRule } from './alert-rules.js';
import type { CheckResult } from './check.js';

const HOUR = 3_600_000;
const diskRule = DEFAULT_RULES.find((r) => r.name === 'disk_free')!;

/** A fake clock and the evaluator's state carried from one evaluation to the next, as the monitor run does. */
function monitor(rules: readonly AlertRule[] = [diskRule], repeatMs = 4 * HOUR) {
  let now = new Date('2026-03-01T10:00:00Z');
  let states: AlertState[] = [];
  const silences: Silence[] = [];
  const sent: AlertNotice[] = [];
  return {
    sent,
    silences,
    get states() {
      return states;
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    now: () => now,
    evaluate(results: CheckResult[], keep?: (s: AlertState) => boolean) {
      const result = evaluateAlerts({ previous: states, observations: observeAll(rules, results), silences, now, repeatMs, keep });
      states = result.states;
      sent.push(...result.notices);
      return result;
    },
  };
}

const disk = (freePercent: number | undefined): CheckResult => ({
  component: 'disk:/var/lib/lectern',
  status: 'ok',
  values: freePercent === undefined ? {} : { free_percent: freePercent },
  message: '',
});

describe('the alert evaluator', () => {
  it('is pending while the condition holds for less than `for`, then fires once', () => {
    const m = monitor();
    expect(m.evaluate([disk(10)]).history.map((h) => h.event)).toEqual(['pending']);
    expect(m.states[0]).toMatchObject({ state: 'pending', severity: 'warning' });
    m.advance(60_000);
    m.evaluate([disk(10)]);
    expect(m.sent).toEqual([]);
    m.advance(60_000); // 2 minutes since first seen: the rule's `for`
    const fired = m.evaluate([disk(10)]);
    expect(fired.history.map((h) => h.event)).toEqual(['firing']);
    expect(m.sent).toHaveLength(1);
    expect(m.sent[0]).toMatchObject({ alertKey: 'disk_free/disk:/var/lib/lectern', rule: 'disk_free', state: 'firing', severity: 'warning', value: 10 });
    expect(m.sent[0]!.summary).toBe('Free disk space 10% on disk:/var/lib/lectern (warning below 15%, critical below 5% for 2m)');
    // The same state evaluated again, on this or another node: nothing more is sent.
    for (let i = 0; i < 5; i++) {
      m.advance(30_000);
      m.evaluate([disk(9)]);
    }
    expect(m.sent).toHaveLength(1);
  });

  it('a condition that ends while pending sends nothing', () => {
    const m = monitor();
    m.evaluate([disk(10)]);
    m.advance(60_000);
    expect(m.evaluate([disk(50)]).history.map((h) => h.event)).toEqual(['cleared']);
    expect(m.states).toEqual([]);
    expect(m.sent).toEqual([]);
  });

  it('escalates from warning to critical with one notice, and says so again when it eases', () => {
    const m = monitor();
    m.evaluate([disk(10)]);
    m.advance(2 * 60_000);
    m.evaluate([disk(10)]);
    m.advance(30_000);
    expect(m.evaluate([disk(4)]).history.map((h) => h.event)).toEqual(['escalated']);
    m.advance(30_000);
    m.evaluate([disk(3)]);
    expect(m.sent.map((n) => `${n.state}:${n.severity}`)).toEqual(['firing:warning', 'firing:critical']);
    m.advance(30_000);
    expect(m.evaluate([disk(12)]).history.map((h) => h.event)).toEqual(['deescalated']);
    expect(m.sent.map((n) => `${n.state}:${n.severity}`)).toEqual(['firing:warning', 'firing:critical', 'firing:warning']);
  });

  it('sends a resolved notice when the condition clears, with the time it started firing', () => {
    const m = monitor();
    m.evaluate([disk(3)]);
    m.advance(2 * 60_000);
    m.evaluate([disk(3)]);
    const firedAt = m.now();
    m.advance(5 * 60_000);
    const result = m.evaluate([disk(40)]);
    expect(result.history.map((h) => h.event)).toEqual(['resolved']);
    expect(m.sent.at(-1)).toMatchObject({ state: 'resolved', severity: 'critical', since: firedAt });
    expect(m.states).toEqual([]);
    m.advance(30_000);
    m.evaluate([disk(40)]);
    expect(m.sent).toHaveLength(2);
  });

  it('repeats the firing notice every repeat interval while it lasts', () => {
    const m = monitor([diskRule], 4 * HOUR);
    m.evaluate([disk(3)]);
    m.advance(2 * 60_000);
    m.evaluate([disk(3)]);
    m.advance(4 * HOUR - 60_000);
    m.evaluate([disk(3)]);
    expect(m.sent).toHaveLength(1);
    m.advance(60_000);
    m.evaluate([disk(3)]);
    expect(m.sent).toHaveLength(2);
    expect(m.sent[1]).toMatchObject({ state: 'firing', severity: 'critical' });
  });

  it('a silenced alert is tracked but not notified; when the silence ends it notifies', () => {
    const m = monitor();
    m.silences.push({ id: 's1', rule: 'disk_free', component: 'disk:*', startsAt: m.now(), endsAt: new Date(m.now().getTime() + HOUR), comment: 'disk swap', createdBy: 'ops' });
    m.evaluate([disk(3)]);
    m.advance(2 * 60_000);
    expect(m.evaluate([disk(3)]).history.map((h) => h.event)).toEqual(['firing']);
    expect(m.states[0]).toMatchObject({ state: 'firing', severity: 'critical', notifiedSeverity: null });
    m.advance(HOUR - 3 * 60_000);
    m.evaluate([disk(3)]);
    expect(m.sent).toEqual([]);
    m.advance(2 * 60_000); // the silence has ended
    m.evaluate([disk(3)]);
    expect(m.sent).toHaveLength(1);
    expect(m.sent[0]).toMatchObject({ state: 'firing', severity: 'critical' });
  });

  it('a silence of another rule or component does not cover the alert', () => {
    const m = monitor();
    const until = new Date(m.now().getTime() + HOUR);
    m.silences.push({ id: 'a', rule: 'backup_age', component: '*', startsAt: m.now(), endsAt: until, comment: '', createdBy: 'ops' });
    m.silences.push({ id: 'b', rule: 'disk_free', component: 'disk:/srv/*', startsAt: m.now(), endsAt: until, comment: '', createdBy: 'ops' });
    m.evaluate([disk(3)]);
    m.advance(2 * 60_000);
    m.evaluate([disk(3)]);
    expect(m.sent).toHaveLength(1);
  });

  it('keeps an alert whose value was not measured this time, and ends one nothing checks any more', () => {
    const m = monitor();
    m.evaluate([disk(3)]);
    m.advance(2 * 60_000);
    m.evaluate([disk(3)]);
    m.advance(30_000);
    m.evaluate([disk(undefined)]);
    expect(m.states).toHaveLength(1);
    m.evaluate([], () => true); // its check failed: kept
    expect(m.states).toHaveLength(1);
    m.advance(30_000);
    const gone = m.evaluate([]);
    expect(gone.history.map((h) => h.event)).toEqual(['resolved']);
    expect(m.sent.at(-1)).toMatchObject({ state: 'resolved' });
    expect(m.sent.at(-1)!.summary).toMatch(/no longer checked/);
  });

  it('a rule with `for` 0 fires at the first evaluation; a rule with only a critical threshold never warns', () => {
    const expiry = DEFAULT_RULES.find((r) => r.name === 'certificate_expiry')!;
    const down = DEFAULT_RULES.find((r) => r.name === 'storage_down')!;
    const m = monitor([expiry, down]);
    m.evaluate([
      { component: 'certificate:app', status: 'warning', values: { days_left: 12 }, message: '' },
      { component: 'storage:s3://b', status: 'ok', values: { up: 1 }, message: '' },
    ]);
    expect(m.sent.map((n) => `${n.rule}:${n.severity}`)).toEqual(['certificate_expiry:warning']);
  });
});
