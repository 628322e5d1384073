import { bigint, boolean, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenancy/tenancy.schema.js';

/**
 * Every blob the store holds, per tenant, by the SHA-256 of its plain bytes. Written by the store
 * once the write quorum holds a blob; the scrubber calls a copy without a row an orphan. Platform
 * tables: only the connection owner reads or writes them (no grant to the application role).
 */
export const storageBlobs = pgTable(
  'storage_blobs',
  {
    tenantId: uuid('tenant_id').notNull(),
    /** SHA-256 of the plain bytes, 64 lower-case hex digits. */
    hash: text('hash').notNull(),
    /** Plain size in bytes. */
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Size of each stored (sealed) copy in bytes. */
    storedSize: bigint('stored_size', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.hash] })],
);

/**
 * Each tenant's data key, sealed by the master key (the secret box). Deleting the row is the
 * cryptographic erase of every blob of the tenant: no copy, backup or replica opens again.
 */
export const storageTenantKeys = pgTable('storage_tenant_keys', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  /** The data key sealed by the secret box, bound to the tenant id. */
  sealedKey: text('sealed_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What the last scrub found at each location (for `lectern storage status` and the metrics). */
export const storageLocationStats = pgTable('storage_location_stats', {
  /** The location's name as configured (LECTERN_STORAGE). */
  location: text('location').primaryKey(),
  healthy: boolean('healthy').notNull(),
  objects: bigint('objects', { mode: 'number' }).notNull().default(0),
  bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  lastError: text('last_error'),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
});
