import { foreignKey, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { spaceItems } from '../library/library.schema.js';

export const PUBLICATION_STATUSES = ['pending', 'published', 'failed'] as const;

/**
 * A version of a library file published to Learn: asked for in Space, carried out by Learn's
 * import (a job, after the domain event), and then naming the course and its version. Deleting the
 * file in Space deletes this record, never the course: Learn keeps its own copy of the unpacked files.
 */
export const spacePublications = pgTable(
  'space_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    /** The course it goes to: chosen, or (when published as a new course) known once it is done. */
    courseId: uuid('course_id'),
    courseTitle: text('course_title'),
    courseVersion: integer('course_version'),
    status: text('status', { enum: PUBLICATION_STATUSES }).notNull().default('pending'),
    errorCode: text('error_code'),
    publishedBy: uuid('published_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('space_publications_item_idx').on(t.itemId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
  ],
);
