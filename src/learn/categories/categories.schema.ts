import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';

/** Categories of a site's courses. Tenant-owned: row-level security in migrations/0025_course_categories_rls.sql. */
export const courseCategories = pgTable(
  'course_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('course_categories_tenant_id_id_key').on(t.tenantId, t.id),
    /** A name once per site, whatever its case. */
    uniqueIndex('course_categories_tenant_name_key').on(t.tenantId, sql`lower(${t.name})`),
  ],
);
