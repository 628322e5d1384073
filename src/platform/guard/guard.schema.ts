import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';

/** One failed credential check (sign-in, reset, MFA, token, LRS basic auth). Tenant-owned, RLS. */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantIdColumn(),
    ip: text('ip').notNull(),
    /** The account name tried (lower-cased e-mail or token prefix), whether or not it exists. */
    account: text('account'),
    endpoint: text('endpoint').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('auth_failures_ip_idx').on(t.tenantId, t.ip, t.occurredAt),
    index('auth_failures_account_idx').on(t.tenantId, t.account, t.occurredAt),
  ],
);

/** A temporary block: of an IP, of an account from one IP, or a slowdown of an account. Tenant-owned, RLS. */
export const guardBans = pgTable(
  'guard_bans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantIdColumn(),
    scope: text('scope', { enum: ['ip', 'account_ip', 'account'] }).notNull(),
    ip: text('ip'),
    account: text('account'),
    reason: text('reason').notNull(),
    /** How many bans this subject had before: the ban time grows with it. */
    level: integer('level').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    until: timestamp('until', { withTimezone: true }).notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: text('lifted_by'),
  },
  (t) => [index('guard_bans_subject_idx').on(t.tenantId, t.scope, t.ip, t.account, t.until)],
);

/**
 * Fixed-window request counters shared by all nodes (platform table: the key names the
 * subject, e.g. `ip:203.0.113.9` or `user:<uuid>`).
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});
