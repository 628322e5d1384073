import { and, desc, eq, gt, lte, max, notInArray } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import type { AlertSeverity } from './alert-notice.js';
import type { AlertState, HistoryEntry, Silence } from './alert-evaluator.js';
import type { CheckResult, ComponentStatus } from './check.js';
import { monitorAlerts, monitorComponents, monitorHistory, monitorSilences } from './monitor.schema.js';

export interface StoredComponent {
  component: string;
  status: ComponentStatus;
  values: Record<string, number>;
  message: string;
  memo: Record<string, unknown> | null;
  checkedAt: Date;
}

export async function listComponents(orm: Orm): Promise<StoredComponent[]> {
  const rows = await orm.select().from(monitorComponents).orderBy(monitorComponents.component);
  return rows.map((r) => ({ ...r, status: r.status as ComponentStatus }));
}

/** Stores this run's results; components no check reported any more are removed. */
export async function saveComponents(orm: Orm, results: readonly (CheckResult & { status: ComponentStatus })[], at: Date): Promise<void> {
  for (const r of results) {
    const row = { component: r.component, status: r.status, values: r.values, message: r.message, memo: r.memo ?? null, checkedAt: at };
    await orm.insert(monitorComponents).values(row).onConflictDoUpdate({ target: monitorComponents.component, set: row });
  }
}

/** Removes components that are no longer checked (and none of whose checks failed this run). */
export async function removeComponentsExcept(orm: Orm, keep: readonly string[]): Promise<void> {
  await orm.delete(monitorComponents).where(keep.length > 0 ? notInArray(monitorComponents.component, [...keep]) : undefined);
}

/** When the shared round last stored its results (null: never). */
export async function lastRoundAt(orm: Orm): Promise<Date | null> {
  const [row] = await orm.select({ at: max(monitorComponents.checkedAt) }).from(monitorComponents);
  return row?.at ?? null;
}

export async function listAlerts(orm: Orm): Promise<AlertState[]> {
  const rows = await orm.select().from(monitorAlerts).orderBy(monitorAlerts.alertKey);
  return rows.map((r) => ({
    alertKey: r.alertKey,
    rule: r.rule,
    component: r.component,
    state: r.state as AlertState['state'],
    severity: r.severity as AlertSeverity,
    value: r.value,
    summary: r.summary,
    activeSince: r.activeSince,
    firingSince: r.firingSince,
    notifiedSeverity: r.notifiedSeverity as AlertSeverity | null,
    notifiedAt: r.notifiedAt,
  }));
}

/** Replaces the stored alerts by `states` (those not among them ended). */
export async function saveAlerts(orm: Orm, states: readonly AlertState[], at: Date): Promise<void> {
  const keys = states.map((s) => s.alertKey);
  await orm.delete(monitorAlerts).where(keys.length > 0 ? notInArray(monitorAlerts.alertKey, keys) : undefined);
  for (const s of states) {
    const row = { ...s, updatedAt: at };
    await orm.insert(monitorAlerts).values(row).onConflictDoUpdate({ target: monitorAlerts.alertKey, set: row });
  }
}

export async function insertHistory(orm: Orm, entries: readonly (Omit<HistoryEntry, 'event'> & { event: string; details?: Record<string, unknown> })[]): Promise<void> {
  if (entries.length === 0) return;
  await orm.insert(monitorHistory).values(entries.map((e) => ({ ...e, details: e.details ?? null })));
}

export interface StoredHistoryEntry {
  at: Date;
  alertKey: string;
  rule: string;
  component: string;
  event: string;
  severity: string | null;
  summary: string;
  details: Record<string, unknown> | null;
}

export async function recentHistory(orm: Orm, limit: number): Promise<StoredHistoryEntry[]> {
  return orm
    .select({ at: monitorHistory.at, alertKey: monitorHistory.alertKey, rule: monitorHistory.rule, component: monitorHistory.component, event: monitorHistory.event, severity: monitorHistory.severity, summary: monitorHistory.summary, details: monitorHistory.details })
    .from(monitorHistory)
    .orderBy(desc(monitorHistory.id))
    .limit(limit);
}

/** History is kept for `keepDays`; older entries are deleted by the monitor run. */
export async function pruneHistory(orm: Orm, before: Date): Promise<void> {
  await orm.delete(monitorHistory).where(lte(monitorHistory.at, before));
}

/** Silences that have not ended (including those that start later). */
export async function listSilences(orm: Orm, now: Date): Promise<Silence[]> {
  return orm.select().from(monitorSilences).where(gt(monitorSilences.endsAt, now)).orderBy(monitorSilences.endsAt);
}

export async function insertSilence(orm: Orm, silence: Omit<Silence, 'id'>): Promise<Silence> {
  const [row] = await orm.insert(monitorSilences).values(silence).returning();
  return row!;
}

/** Ends a silence now (kept until it would have ended, as Alertmanager shows expired silences); false when there is no such active silence. */
export async function expireSilence(orm: Orm, id: string, now: Date): Promise<boolean> {
  const ended = await orm
    .update(monitorSilences)
    .set({ endsAt: now })
    .where(and(eq(monitorSilences.id, id), gt(monitorSilences.endsAt, now)))
    .returning({ id: monitorSilences.id });
  return ended.length > 0;
}

/** Silences ended more than a week ago are forgotten. */
export async function pruneSilences(orm: Orm, before: Date): Promise<void> {
  await orm.delete(monitorSilences).where(lte(monitorSilences.endsAt, before));
}
