import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, unique, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenancy/tenancy.schema.js';
import type { Role } from './identity.contract.js';

export { ROLES, type Role } from './identity.contract.js';

/** Tenant-owned: row-level security in migrations/0001_tenant_rls.sql. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .default(sql`nullif(current_setting('app.tenant_id', true), '')::uuid`)
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    passwordHash: text('password_hash'),
    roles: text('roles').array().$type<Role[]>().notNull().default(sql`'{learner}'::text[]`),
    status: text('status', { enum: ['active', 'deactivated'] }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_tenant_email_key').on(t.tenantId, sql`lower(${t.email})`),
    // Lets other tables reference (tenant_id, id) so a row can never point into another tenant.
    unique('users_tenant_id_id_key').on(t.tenantId, t.id),
  ],
);

/** Server-side sessions; the cookie holds a random id, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .default(sql`nullif(current_setting('app.tenant_id', true), '')::uuid`)
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
