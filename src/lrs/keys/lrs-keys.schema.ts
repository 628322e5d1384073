import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';

/**
 * An LRS key: the HTTP Basic credential of an xAPI client (an authoring tool's course, a
 * reporting tool, another LRS). The key is its user name, shown in lists; only a digest of the
 * secret is kept. Tenant-owned: row-level security in migrations/0031_lrs_rls.sql.
 */
export const lrsKeys = pgTable(
  'lrs_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    /** The public half (`lrs_` and 20 hex digits): the Basic user name. Unique across sites, so a key names its site. */
    key: text('key').notNull().unique(),
    /** SHA-256 of the secret (base64url); the secret itself is shown once, when the key is made. */
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('lrs_keys_tenant_idx').on(t.tenantId, t.createdAt)],
);
