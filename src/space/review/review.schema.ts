import { foreignKey, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/identity/identity.schema.js';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { spaceItems } from '../library/library.schema.js';
import type { CommentAnchor } from './review.contract.js';

export const COMMENT_STATUSES = ['open', 'resolved', 'reopened'] as const;

/**
 * A review comment on a file, tied to the version it was made on and anchored where it applies
 * (a slide, a time, a page, a region of an image). A thread is a first comment (which carries the
 * status) and its replies (`threadId`).
 */
export const spaceComments = pgTable(
  'space_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    threadId: uuid('thread_id'),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    anchor: jsonb('anchor').$type<CommentAnchor>().notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull().default('open'),
    mentions: uuid('mentions').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
    statusChangedBy: uuid('status_changed_by'),
  },
  (t) => [
    index('space_comments_item_idx').on(t.itemId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
