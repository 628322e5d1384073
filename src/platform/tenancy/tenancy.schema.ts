import { sql } from 'drizzle-orm';
import { boolean, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

import type { TenantSettingsInput } from './tenant-settings.js';

/** Settings as stored: only what an administrator set; see settingsOf() for the defaults. */
export type TenantSettings = TenantSettingsInput;

/** A tenant is a platform table: it is read before any tenant is known, so it has no row-level policy. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  settings: jsonb('settings').$type<TenantSettings>().notNull().default(sql`'{}'::jsonb`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Host names (custom domains, or any exact host) that route to a tenant. One of a tenant's hosts
 * is its primary one: the address absolute links (in mails) point to, whatever host a request used.
 */
export const tenantHosts = pgTable(
  'tenant_hosts',
  {
    hostname: text('hostname').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    isPrimary: boolean('is_primary').notNull().default(false),
  },
  (t) => [uniqueIndex('tenant_hosts_one_primary_key').on(t.tenantId).where(sql`${t.isPrimary}`)],
);
