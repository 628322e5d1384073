import type { Db } from '../db/client.js';
import { isSilenced } from './alert-evaluator.js';
import { listAlerts, listComponents, listSilences, recentHistory } from './monitor.repository.js';

/** What the operator sees: the components, the alerts (firing, pending, silenced), the silences and the latest history. */
export interface MonitorStatus {
  checkedAt: string | null;
  components: { component: string; status: string; values: Record<string, number>; message: string; checkedAt: string }[];
  alerts: {
    alertKey: string;
    rule: string;
    component: string;
    state: 'pending' | 'firing';
    severity: string;
    silenced: boolean;
    value: number | null;
    summary: string;
    activeSince: string;
    firingSince: string | null;
    lastNotifiedAt: string | null;
  }[];
  silences: { id: string; rule: string; component: string; startsAt: string; endsAt: string; comment: string; createdBy: string }[];
  history: { at: string; alertKey: string; event: string; severity: string | null; summary: string }[];
}

export async function monitorStatus(db: Db, now = new Date(), historyLimit = 20): Promise<MonitorStatus> {
  const [components, alerts, silences, history] = await Promise.all([listComponents(db.owner), listAlerts(db.owner), listSilences(db.owner, now), recentHistory(db.owner, historyLimit)]);
  const latest = components.reduce<Date | null>((max, c) => (max === null || c.checkedAt > max ? c.checkedAt : max), null);
  return {
    checkedAt: latest?.toISOString() ?? null,
    components: components.map((c) => ({ component: c.component, status: c.status, values: c.values, message: c.message, checkedAt: c.checkedAt.toISOString() })),
    alerts: alerts.map((a) => ({
      alertKey: a.alertKey,
      rule: a.rule,
      component: a.component,
      state: a.state,
      severity: a.severity,
      silenced: isSilenced(silences, a.rule, a.component, now),
      value: a.value,
      summary: a.summary,
      activeSince: a.activeSince.toISOString(),
      firingSince: a.firingSince?.toISOString() ?? null,
      lastNotifiedAt: a.notifiedAt?.toISOString() ?? null,
    })),
    silences: silences.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
    history: history.map((h) => ({ at: h.at.toISOString(), alertKey: h.alertKey, event: h.event, severity: h.severity, summary: h.summary })),
  };
}

/** The same for a terminal (`lectern monitor status`). */
export function formatMonitorStatus(status: MonitorStatus): string {
  const lines: string[] = [`Last check: ${status.checkedAt ?? 'never (is a node with LECTERN_JOBS=true running?)'}`, '', 'Components:'];
  for (const c of status.components) lines.push(`  ${c.status.toUpperCase().padEnd(8)} ${c.component}: ${c.message}`);
  if (status.components.length === 0) lines.push('  (none checked yet)');
  lines.push('', 'Alerts:');
  for (const a of status.alerts) {
    const state = a.state === 'pending' ? 'PENDING' : a.silenced ? 'SILENCED' : 'FIRING';
    lines.push(`  ${state.padEnd(8)} ${a.severity.padEnd(8)} ${a.rule} ${a.component} since ${a.firingSince ?? a.activeSince}: ${a.summary}`);
  }
  if (status.alerts.length === 0) lines.push('  (none)');
  lines.push('', 'Silences:');
  for (const s of status.silences) lines.push(`  ${s.id} ${s.rule} ${s.component} until ${s.endsAt} by ${s.createdBy}: ${s.comment}`);
  if (status.silences.length === 0) lines.push('  (none)');
  lines.push('', `History (last ${status.history.length}):`);
  for (const h of status.history) lines.push(`  ${h.at} ${h.event.padEnd(11)} ${(h.severity ?? '').padEnd(8)} ${h.alertKey}: ${h.summary}`);
  return lines.join('\n');
}
