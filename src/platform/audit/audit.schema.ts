import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';

/** Security events (sign-ins, bans, changes of passwords, roles, tokens, sessions). Tenant-owned, RLS. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantIdColumn(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorIp: text('actor_ip'),
    userAgent: text('user_agent'),
    /** The request's id as the log shows it, to find the log lines of an audited change. */
    requestId: text('request_id'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_events_tenant_time_idx').on(t.tenantId, t.occurredAt), index('audit_events_action_idx').on(t.tenantId, t.action)],
);
