import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';
import { tenants } from '../tenancy/tenancy.schema.js';

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
    /** A staff member acting under a grant (actorUserId is then null). */
    actorStaffId: uuid('actor_staff_id'),
    staffGrantId: uuid('staff_grant_id'),
    /** Position in the tenant's hash chain, set by the insert trigger (migrations/0076_audit_chain_rls.sql). */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    /** Hex SHA-256 of the previous entry's hash and this entry's canonical form. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_tenant_time_idx').on(t.tenantId, t.occurredAt),
    index('audit_events_action_idx').on(t.tenantId, t.action),
    uniqueIndex('audit_events_chain_key').on(t.tenantId, t.chainSeq),
  ],
);

/**
 * The newest entry of each tenant's chain, kept by the insert trigger under a row lock so
 * entries of one tenant chain in commit order. Retention records where the chain now begins.
 * Platform table: the application role has no access (the trigger runs as its owner).
 */
export const auditChainHeads = pgTable('audit_chain_heads', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  /** Entries up to this position were removed by retention; the next one chains to prunedThroughHash. */
  prunedThroughSeq: bigint('pruned_through_seq', { mode: 'number' }).notNull().default(0),
  prunedThroughHash: text('pruned_through_hash'),
});

/** Chain heads written to the replicated storage, so a rewritten chain no longer matches them. */
export const auditAnchors = pgTable(
  'audit_anchors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    anchoredAt: timestamp('anchored_at', { withTimezone: true }).notNull().defaultNow(),
    /** Where the anchor's copy lies in the storage locations. */
    storageKey: text('storage_key').notNull(),
  },
  (t) => [index('audit_anchors_tenant_idx').on(t.tenantId, t.seq)],
);
