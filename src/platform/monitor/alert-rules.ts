import type { AlertSeverity } from './alert-notice.js';
import type { CheckResult } from './check.js';
import { formatDuration, parseDuration } from './duration.js';

/**
 * An alert rule, in the spirit of a Prometheus alerting rule: a measured value of the components
 * the pattern matches, an early-warning and a critical threshold, and how long the condition must
 * hold (`for`) before the alert fires.
 */
export interface AlertRule {
  /** e.g. `disk_free`; the alert key is `<name>/<component>`. */
  name: string;
  /** Which components: an exact id or a pattern with `*` (`disk:*`). */
  component: string;
  /** The name of the value in the check's result, e.g. `free_percent`. */
  metric: string;
  /** `above`: the alert holds while the value is greater than a threshold; `below`: while it is less. */
  when: 'above' | 'below';
  /** The early-warning threshold; undefined: the rule knows only critical. */
  warning?: number;
  critical?: number;
  /** How long the condition must hold before the alert fires (ms); until then it is pending. */
  forMs: number;
  enabled: boolean;
  /** What the value is, for the notice: "Free disk space". */
  description: string;
  /** Written after the value: `%`, ` s`, ` days`. */
  unit: string;
}

const MIB = 1024 * 1024;

/** The rules that ship; the monitor file (LECTERN_MONITOR_FILE) changes or adds to them by name. */
export const DEFAULT_RULES: readonly AlertRule[] = [
  rule('database_unreachable', 'database', 'up', 'below', { critical: 1 }, '30s', 'Database answering', ''),
  rule('monitor_stale', 'monitor', 'last_round_seconds', 'above', { warning: 300, critical: 900 }, '0s', 'Time since the last monitor round', ' s'),
  rule('database_latency', 'database', 'latency_ms', 'above', { warning: 500, critical: 2000 }, '2m', 'Database query time', ' ms'),
  rule('standby_disconnected', 'standby:*', 'connected', 'below', { critical: 1 }, '2m', 'Standby connected'),
  rule('standby_lag_bytes', 'standby:*', 'lag_bytes', 'above', { warning: 16 * MIB, critical: 256 * MIB }, '2m', 'Replication lag', ' bytes'),
  rule('standby_lag_seconds', 'standby:*', 'lag_seconds', 'above', { warning: 30, critical: 300 }, '2m', 'Replication lag', ' s'),
  rule('storage_down', 'storage:*', 'up', 'below', { critical: 1 }, '2m', 'Storage location answering'),
  rule('storage_damaged', 'storage:*', 'damaged', 'above', { warning: 0 }, '0s', 'Copies answering with wrong bytes'),
  rule('storage_scrub_unhealthy', 'storage:*', 'unhealthy_at_last_scrub', 'above', { warning: 0 }, '0s', 'Location not whole at the last scrub'),
  rule('smtp_unreachable', 'smtp', 'up', 'below', { critical: 1 }, '2m', 'SMTP server answering'),
  rule('smtp_no_starttls', 'smtp', 'starttls', 'below', { critical: 1 }, '0s', 'SMTP server offering STARTTLS'),
  rule('job_queue_oldest', 'jobs', 'oldest_due_seconds', 'above', { warning: 300, critical: 1800 }, '0s', 'Oldest due job waiting', ' s'),
  rule('job_failures', 'jobs', 'failed_last_hour', 'above', { warning: 5, critical: 50 }, '0s', 'Jobs failed in the last hour'),
  rule('disk_free', 'disk:*', 'free_percent', 'below', { warning: 15, critical: 5 }, '2m', 'Free disk space', '%'),
  rule('certificate_expiry', 'certificate:*', 'days_left', 'below', { warning: 21, critical: 7 }, '0s', 'Certificate valid for', ' days'),
  rule('backup_age', 'backup', 'age_hours', 'above', { warning: 26, critical: 50 }, '0s', 'Newest backup age', ' h'),
  rule('backup_unreachable', 'backup', 'reachable', 'below', { critical: 1 }, '2m', 'Backup repository answering'),
  rule('backup_missing', 'backup', 'backups', 'below', { warning: 1 }, '26h', 'Backups found'),
];

function rule(
  name: string,
  component: string,
  metric: string,
  when: AlertRule['when'],
  thresholds: { warning?: number; critical?: number },
  forText: string,
  description: string,
  unit = '',
): AlertRule {
  return { name, component, metric, when, ...thresholds, forMs: parseDuration(forText)!, enabled: true, description, unit };
}

/** Whether `component` is one the pattern names (`*` stands for any characters). */
export function componentMatches(pattern: string, component: string): boolean {
  if (!pattern.includes('*')) return pattern === component;
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(component);
}

/** What one rule makes of one component's result now. */
export interface Observation {
  rule: AlertRule;
  component: string;
  /** null: the condition does not hold; `unknown`: the value was not measured (the alert stays as it is). */
  level: AlertSeverity | null | 'unknown';
  value?: number;
  summary: string;
}

function crosses(rule: AlertRule, value: number, threshold: number | undefined): boolean {
  if (threshold === undefined) return false;
  return rule.when === 'above' ? value > threshold : value < threshold;
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function thresholdsText(rule: AlertRule): string {
  const word = rule.when === 'above' ? 'above' : 'below';
  const parts = [
    ...(rule.warning !== undefined ? [`warning ${word} ${formatValue(rule.warning)}${rule.unit}`] : []),
    ...(rule.critical !== undefined ? [`critical ${word} ${formatValue(rule.critical)}${rule.unit}`] : []),
  ];
  return `${parts.join(', ')}${rule.forMs > 0 ? ` for ${formatDuration(rule.forMs)}` : ''}`;
}

/** The rule applied to one result: the level the value reaches, and the line a person reads. */
export function observe(rule: AlertRule, result: CheckResult): Observation {
  const value = result.values[rule.metric];
  if (value === undefined || !Number.isFinite(value)) {
    return { rule, component: result.component, level: 'unknown', summary: `${rule.description} on ${result.component}: not measured (${result.message})` };
  }
  const level = crosses(rule, value, rule.critical) ? 'critical' : crosses(rule, value, rule.warning) ? 'warning' : null;
  const detail = level && result.message ? `; ${result.message}` : '';
  return {
    rule,
    component: result.component,
    level,
    value,
    summary: `${rule.description} ${formatValue(value)}${rule.unit} on ${result.component} (${thresholdsText(rule)})${detail}`,
  };
}

/** Every enabled rule applied to every result whose component it matches. */
export function observeAll(rules: readonly AlertRule[], results: readonly CheckResult[]): Observation[] {
  return rules.filter((r) => r.enabled).flatMap((r) => results.filter((res) => componentMatches(r.component, res.component)).map((res) => observe(r, res)));
}

export function alertKeyOf(rule: string, component: string): string {
  return `${rule}/${component}`;
}
