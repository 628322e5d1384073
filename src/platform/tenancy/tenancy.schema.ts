import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

/** Host names (custom domains, or any exact host) that route to a tenant. */
export const tenantHosts = pgTable('tenant_hosts', {
  hostname: text('hostname').primaryKey(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
});
