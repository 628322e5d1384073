import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';
import { users } from '../identity/identity.schema.js';

/**
 * A notice in a user's in-app inbox (the bell): what happened (`kind`, such as
 * `learn.enrolled`), the values its text names, and where it leads. The text itself is written
 * by the web app in the reader's language at the time it is read. Deleted with the user, and by
 * the retention sweep. Tenant-owned (RLS in the notifications RLS migration).
 */
export const inAppNotifications = pgTable(
  'in_app_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    /** A path inside the app (`/play/…`), never an address elsewhere. */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    index('in_app_notifications_inbox_idx').on(t.tenantId, t.userId, t.createdAt.desc(), t.id.desc()),
    index('in_app_notifications_unread_idx').on(t.tenantId, t.userId).where(sql`read_at is null`),
    index('in_app_notifications_created_idx').on(t.createdAt),
  ],
);
