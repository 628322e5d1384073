import { bigserial, doublePrecision, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The built-in monitor's state: platform tables (no tenant, no row-level security), read and
 * written only by the connection owner (the monitor run, the CLI, the operator status route).
 * The state lives here, not in a node, so whichever node runs the next evaluation continues it.
 */

/** The last result of each component's check. */
export const monitorComponents = pgTable('monitor_components', {
  /** e.g. `database`, `storage:local:/var/lib/lectern/blobs`, `disk:/var/lib/lectern`. */
  component: text('component').primaryKey(),
  /** ok, warning, critical or unknown. */
  status: text('status').notNull(),
  /** The measured values, by name (numbers), as the rules read them. */
  values: jsonb('values').$type<Record<string, number>>().notNull(),
  message: text('message').notNull(),
  /** What a check keeps for its next run (the storage check: copies found damaged, to look at again). */
  memo: jsonb('memo').$type<Record<string, unknown>>(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
});

/** One row per alert that is pending or firing (rule + component); a resolved alert's row is deleted. */
export const monitorAlerts = pgTable('monitor_alerts', {
  alertKey: text('alert_key').primaryKey(),
  rule: text('rule').notNull(),
  component: text('component').notNull(),
  /** pending (the condition holds, waiting for `for`) or firing. */
  state: text('state').notNull(),
  severity: text('severity').notNull(),
  value: doublePrecision('value'),
  summary: text('summary').notNull(),
  /** When the condition was first seen true. */
  activeSince: timestamp('active_since', { withTimezone: true }).notNull(),
  firingSince: timestamp('firing_since', { withTimezone: true }),
  /** The severity of the last firing notice sent (null: none sent yet), and when it was sent. */
  notifiedSeverity: text('notified_severity'),
  notifiedAt: timestamp('notified_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Silences, as in Alertmanager: matchers (rule, optionally a component pattern), an end and a comment. */
export const monitorSilences = pgTable('monitor_silences', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** A rule name or `*`. */
  rule: text('rule').notNull(),
  /** A component or a pattern with `*` (default `*`: every component). */
  component: text('component').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  comment: text('comment').notNull(),
  createdBy: text('created_by').notNull(),
});

/** What happened to alerts: pending, firing, severity changes, notices sent (and to whom), resolved. */
export const monitorHistory = pgTable(
  'monitor_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    alertKey: text('alert_key').notNull(),
    rule: text('rule').notNull(),
    component: text('component').notNull(),
    /** pending, firing, escalated, deescalated, repeated, resolved, notified, silenced, cleared (a pending alert whose condition ended). */
    event: text('event').notNull(),
    severity: text('severity'),
    summary: text('summary').notNull(),
    /** The channels' answers, for `notified`. */
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('monitor_history_at_idx').on(t.at)],
);
