import { hostname } from 'node:os';
import type { Db } from '../db/client.js';
import { evaluateAlerts, type AlertState, type HistoryEntry, type Silence } from './alert-evaluator.js';
import type { Notifier } from './alert-notice.js';
import { observeAll, type AlertRule } from './alert-rules.js';
import { checkDatabase } from './checks/database.js';
import type { MonitorConfig } from './monitor-config.js';
import { deliver, WATCHDOG_RULES, type MonitorLog } from './monitor-run.js';
import { insertHistory, lastRoundAt, listSilences } from './monitor.repository.js';
import type { CheckResult } from './check.js';

export interface DatabaseWatchdog {
  /** One check now (the timer calls it; tests call it with their clock). */
  tick(): Promise<void>;
  /** The alerts as this node sees them. */
  alerts(): AlertState[];
  stop(): void;
}

/**
 * The database check of every node, on a timer of its own: when the database is down, so is the
 * job queue that runs the monitor, so this one check cannot wait for it. Each node keeps the
 * alert in memory and notifies directly, once per state like the shared run (so each node may
 * send one "database unreachable" notice, and one when it is resolved). What happened is written
 * to the history once the database answers again; silences are those last read from it.
 */
export function startDatabaseWatchdog(deps: {
  db: Db;
  config: Pick<MonitorConfig, 'rules' | 'repeatMs' | 'intervalMs'>;
  notifier: Notifier;
  log?: MonitorLog;
  now?: () => Date;
  /** false: no timer (tests call tick). */
  timer?: boolean;
  /** Default: this machine's host name and process id. */
  node?: string;
}): DatabaseWatchdog {
  const { db, notifier, log } = deps;
  const clock = deps.now ?? (() => new Date());
  const node = deps.node ?? `${hostname()}:${process.pid}`;
  const rules: AlertRule[] = deps.config.rules.filter((r) => WATCHDOG_RULES.includes(r.name) && r.enabled);
  let states: AlertState[] = [];
  let silences: Silence[] = [];
  const unwritten: HistoryEntry[] = [];
  let running: Promise<void> | undefined;

  const tick = async () => {
    if (rules.length === 0) return;
    const result = await checkDatabase(db, Math.min(5000, deps.config.intervalMs));
    const now = clock();
    const up = result.values.up === 1;
    if (up) silences = await listSilences(db.owner, now).catch(() => silences);
    const results = [result, await lastRound(up, now)];
    const observations = observeAll(rules, results).map((o) => (o.level ? { ...o, summary: `${o.summary} (seen from ${node})` } : o));
    const evaluation = evaluateAlerts({ previous: states, observations, silences, now, repeatMs: deps.config.repeatMs });
    states = evaluation.states;
    unwritten.push(...evaluation.history);
    if (up && unwritten.length > 0) {
      const entries = unwritten.splice(0);
      await insertHistory(db.owner, entries).catch(() => unwritten.unshift(...entries));
    }
    if (evaluation.notices.length === 0) return;
    if (up) await deliver(db, notifier, evaluation.notices, log, node);
    else {
      for (const notice of evaluation.notices) {
        const results = await notifier(notice).catch(() => []);
        log?.error({ alertKey: notice.alertKey, node, delivered: results.filter((r) => r.ok).length }, `alert ${notice.state}: ${notice.summary}`);
      }
    }
  };

  /** How long ago the shared round last stored its results (unknown while the database is down, or before the first round). */
  const lastRound = async (up: boolean, now: Date): Promise<CheckResult> => {
    const at = up ? await lastRoundAt(db.owner).catch(() => null) : null;
    if (!at) return { component: 'monitor', status: 'unknown', values: {}, message: up ? 'no round yet' : 'the database does not answer' };
    const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
    return { component: 'monitor', status: 'ok', values: { last_round_seconds: seconds }, message: `last round ${at.toISOString()} (is a node with LECTERN_JOBS=true running its job queue?)` };
  };

  const timer = deps.timer === false || rules.length === 0 ? undefined : setInterval(() => {
    // One check at a time: a database that hangs must not pile up checks.
    if (running) return;
    running = tick()
      .catch((error: unknown) => log?.error({ err: error as Error }, 'monitor: the database watchdog failed'))
      .finally(() => (running = undefined));
  }, deps.config.intervalMs);
  timer?.unref();

  return {
    tick,
    alerts: () => states,
    stop: () => clearInterval(timer),
  };
}
