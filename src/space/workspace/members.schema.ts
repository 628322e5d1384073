import { foreignKey, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/identity/identity.schema.js';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { SPACE_ROLES } from './space-roles.js';

/**
 * The people of a site's Space and their role in it (owner, admin, author, commentator). A user of
 * the site who is not listed has no Space (site administrators excepted, space-roles.ts).
 * Tenant-owned: row-level security in migrations (space_rls).
 */
export const spaceMembers = pgTable(
  'space_members',
  {
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: SPACE_ROLES }).notNull(),
    addedBy: uuid('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade')],
);
