import { sql } from 'drizzle-orm';
import type { Db, Orm } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { evaluateAlerts, type Evaluation } from './alert-evaluator.js';
import type { AlertNotice, DeliveryResult, Notifier } from './alert-notice.js';
import { observeAll } from './alert-rules.js';
import { errorMessage, worse, type CheckResult, type ComponentStatus } from './check.js';
import type { MonitorConfig } from './monitor-config.js';
import type { NamedCheck } from './monitor-checks.js';
import { insertHistory, listAlerts, listComponents, listSilences, pruneHistory, pruneSilences, removeComponentsExcept, saveAlerts, saveComponents } from './monitor.repository.js';

/**
 * The rules the watchdog of each node evaluates (database-watchdog.ts), because the shared round
 * cannot report them: it does not run while the database, or the job queue, is down.
 */
export const WATCHDOG_RULES: readonly string[] = ['database_unreachable', 'monitor_stale'];

const HISTORY_DAYS = 30;

export interface MonitorLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface MonitorRunDeps {
  db: Db;
  config: Pick<MonitorConfig, 'rules' | 'repeatMs'>;
  checks: readonly NamedCheck[];
  notifier: Notifier;
  now?: () => Date;
  log?: MonitorLog;
}

export interface MonitorRunResult {
  /** false: another run held the lock; this one did nothing. */
  ran: boolean;
  components: (CheckResult & { status: ComponentStatus })[];
  evaluation?: Evaluation;
  deliveries: { notice: AlertNotice; results: DeliveryResult[] }[];
}

/**
 * One round of the monitor: every check, then the rules over their results, and the notices that
 * are due. The state is read and written in one transaction under an advisory lock, so one run at
 * a time decides (the recurring job runs on one node at a time; the lock covers `lectern monitor
 * run` beside it). Notices go out after the state committed: a notice is never sent twice for the
 * same state, even when two nodes run one after the other.
 */
export async function runMonitor(deps: MonitorRunDeps): Promise<MonitorRunResult> {
  const { db, notifier, log } = deps;
  const clock = deps.now ?? (() => new Date());
  const memos = new Map((await listComponents(db.owner)).map((c) => [c.component, c.memo]));
  const failed: NamedCheck[] = [];
  const results: CheckResult[] = [];
  await Promise.all(
    deps.checks.map(async (check) => {
      try {
        results.push(...(await check.run(memos)));
      } catch (error) {
        failed.push(check);
        log?.warn({ check: check.name, err: error as Error }, 'monitor: a check failed; its alerts stay as they were');
        results.push({ component: `monitor:${check.name}`, status: 'unknown', values: {}, message: `the check failed: ${errorMessage(error)}` });
      }
    }),
  );
  results.sort((a, b) => a.component.localeCompare(b.component));
  const rules = deps.config.rules.filter((r) => !WATCHDOG_RULES.includes(r.name));
  const observations = observeAll(rules, results);
  const components = results.map((r) => {
    let status = r.status;
    for (const o of observations) if (o.component === r.component && (o.level === 'warning' || o.level === 'critical')) status = worse(status, o.level);
    return { ...r, status };
  });

  const now = clock();
  const evaluation = await db.owner.transaction(async (tx: Orm) => {
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext('lectern.monitor.run')) as locked`);
    if (!lock?.locked) return undefined;
    const previous = await listAlerts(tx);
    const silences = await listSilences(tx, now);
    const result = evaluateAlerts({
      previous,
      observations,
      silences,
      now,
      repeatMs: deps.config.repeatMs,
      keep: (state) => WATCHDOG_RULES.includes(state.rule) || failed.some((check) => check.owns(state.component)),
    });
    await saveAlerts(tx, result.states, now);
    await saveComponents(tx, components, now);
    // A component no check reports any more goes; those of a failed check stay with their last result.
    const kept = (await listComponents(tx)).map((c) => c.component).filter((c) => failed.some((check) => check.owns(c)));
    await removeComponentsExcept(tx, [...components.map((c) => c.component), ...kept]);
    await insertHistory(tx, result.history);
    await pruneHistory(tx, new Date(now.getTime() - HISTORY_DAYS * 86_400_000));
    await pruneSilences(tx, new Date(now.getTime() - 7 * 86_400_000));
    return result;
  });
  if (!evaluation) return { ran: false, components, deliveries: [] };

  const deliveries = await deliver(db, notifier, evaluation.notices, log);
  return { ran: true, components, evaluation, deliveries };
}

/** Sends each notice and records who got it (or why not) in the history. */
export async function deliver(db: Db, notifier: Notifier, notices: readonly AlertNotice[], log?: MonitorLog, node?: string): Promise<{ notice: AlertNotice; results: DeliveryResult[] }[]> {
  const deliveries: { notice: AlertNotice; results: DeliveryResult[] }[] = [];
  for (const notice of notices) {
    let results: DeliveryResult[];
    try {
      results = await notifier(notice);
    } catch (error) {
      // The channels promise never to throw; if one does, the notice is still recorded as not delivered.
      results = [];
      log?.error({ alertKey: notice.alertKey, err: error as Error }, 'monitor: the notifier failed');
    }
    deliveries.push({ notice, results });
    const delivered = results.filter((r) => r.ok).length;
    const level = delivered > 0 ? 'info' : 'error';
    log?.[level]({ alertKey: notice.alertKey, state: notice.state, severity: notice.severity, delivered, failed: results.length - delivered }, `alert ${notice.state}: ${notice.summary}`);
    await insertHistory(db.owner, [
      {
        at: notice.at,
        alertKey: notice.alertKey,
        rule: notice.rule,
        component: notice.component,
        event: 'notified',
        severity: notice.severity,
        summary: `${notice.state} notice: delivered ${delivered} of ${results.length}`,
        details: { state: notice.state, results: results.map((r) => ({ ...r })), ...(node ? { node } : {}) },
      },
    ]).catch((error: unknown) => log?.warn({ err: error as Error }, 'monitor: could not record a delivery'));
  }
  return deliveries;
}
