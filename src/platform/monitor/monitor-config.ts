import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_RULES, type AlertRule } from './alert-rules.js';
import { parseDuration } from './duration.js';
import { notifyConfigSchema, type NotifyConfig } from './notify/notify-config.js';

/**
 * The monitor's file (LECTERN_MONITOR_FILE): JSON with `intervalSeconds`, `repeatInterval`,
 * `rules` (changes to the shipped rules by name, and rules of one's own) and `notify` (who hears
 * of alerts, and how: read by the notification channels' own schema).
 */
export interface MonitorConfig {
  /** How often the components are checked and the rules evaluated (ms). */
  intervalMs: number;
  /** How often a notice of an alert that goes on firing is sent again (ms). */
  repeatMs: number;
  rules: AlertRule[];
  /** Who hears of alerts, and how (the notification channels' section); undefined: no channel, notices go to the log and the history only. */
  notify: NotifyConfig | undefined;
}

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as "30s", "2m", "4h" or a number of seconds' });
    return z.NEVER;
  }
  return ms;
});

const ruleEntry = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected lower-case letters, digits and _'),
  component: z.string().min(1).optional(),
  metric: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected the name of a measured value, e.g. free_percent').optional(),
  when: z.enum(['above', 'below']).optional(),
  warning: z.number().nullable().optional(),
  critical: z.number().nullable().optional(),
  for: duration.optional(),
  enabled: z.boolean().optional(),
  description: z.string().min(1).optional(),
  unit: z.string().optional(),
});

const fileSchema = z.strictObject({
  intervalSeconds: z.number().int().min(5).max(3600).optional(),
  repeatInterval: duration.optional(),
  rules: z.array(ruleEntry).optional(),
  notify: z.unknown().optional(),
});

export const DEFAULT_INTERVAL_MS = 30_000;
export const DEFAULT_REPEAT_MS = 4 * 3_600_000;

export function defaultMonitorConfig(): MonitorConfig {
  return { intervalMs: DEFAULT_INTERVAL_MS, repeatMs: DEFAULT_REPEAT_MS, rules: DEFAULT_RULES.map((r) => ({ ...r })), notify: undefined };
}

/** The configuration from the file's parsed JSON; each problem is pushed as `<key path>: <what is wrong>`. */
export function parseMonitorConfig(raw: unknown, problems: string[]): MonitorConfig {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${keyPath(issue.path)}: ${issue.message}`);
    return defaultMonitorConfig();
  }
  const rules = new Map(DEFAULT_RULES.map((r) => [r.name, { ...r }]));
  for (const [i, entry] of (parsed.data.rules ?? []).entries()) {
    const where = `rules[${i}] (${entry.name})`;
    const base = rules.get(entry.name);
    if (!base && (!entry.component || !entry.metric || !entry.when)) {
      problems.push(`${where}: a new rule needs component, metric and when (the shipped rules are ${DEFAULT_RULES.map((r) => r.name).join(', ')})`);
      continue;
    }
    const merged: AlertRule = {
      name: entry.name,
      component: entry.component ?? base!.component,
      metric: entry.metric ?? base!.metric,
      when: entry.when ?? base!.when,
      forMs: entry.for ?? base?.forMs ?? 0,
      enabled: entry.enabled ?? base?.enabled ?? true,
      description: entry.description ?? base?.description ?? entry.name,
      unit: entry.unit ?? base?.unit ?? '',
    };
    // null removes a threshold of a shipped rule (e.g. a rule that should only ever be critical).
    const warning = entry.warning === undefined ? base?.warning : (entry.warning ?? undefined);
    const critical = entry.critical === undefined ? base?.critical : (entry.critical ?? undefined);
    if (warning !== undefined) merged.warning = warning;
    if (critical !== undefined) merged.critical = critical;
    if (warning === undefined && critical === undefined) {
      problems.push(`${where}: needs a warning or a critical threshold`);
      continue;
    }
    if (warning !== undefined && critical !== undefined && (merged.when === 'above' ? critical < warning : critical > warning)) {
      problems.push(`${where}: the critical threshold ${critical} must be ${merged.when === 'above' ? 'at or above' : 'at or below'} the warning threshold ${warning}`);
      continue;
    }
    rules.set(entry.name, merged);
  }
  let notify: NotifyConfig | undefined;
  if (parsed.data.notify !== undefined) {
    const channels = notifyConfigSchema.safeParse(parsed.data.notify);
    if (channels.success) notify = channels.data;
    else for (const issue of channels.error.issues) problems.push(`${keyPath(['notify', ...issue.path])}: ${issue.message}`);
  }
  return {
    intervalMs: (parsed.data.intervalSeconds ?? DEFAULT_INTERVAL_MS / 1000) * 1000,
    repeatMs: parsed.data.repeatInterval ?? DEFAULT_REPEAT_MS,
    rules: [...rules.values()],
    notify,
  };
}

/** Reads the file named by LECTERN_MONITOR_FILE; problems name the variable, the file and the key. */
export function readMonitorFile(file: string | undefined, problems: string[]): MonitorConfig {
  if (!file) return defaultMonitorConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`LECTERN_MONITOR_FILE=${JSON.stringify(file)}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`}`);
    return defaultMonitorConfig();
  }
  const own: string[] = [];
  const config = parseMonitorConfig(raw, own);
  for (const problem of own) problems.push(`LECTERN_MONITOR_FILE=${JSON.stringify(file)}: ${problem}`);
  return config;
}

function keyPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the file)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}
