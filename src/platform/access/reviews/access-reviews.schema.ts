import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../db/tenant-column.js';

/** An access review of one tenant: every privilege listed once, each confirmed or revoked by a reviewer. */
export const accessReviews = pgTable(
  'access_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    startedByUserId: uuid('started_by_user_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Privileges not used for this many days are marked unused. */
    unusedDays: integer('unused_days').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    lastReminderAt: timestamp('last_reminder_at', { withTimezone: true }),
  },
  (t) => [index('access_reviews_tenant_idx').on(t.tenantId, t.startedAt)],
);

/** One privilege in a review, as it was when the review started, and the reviewer's decision. */
export const accessReviewItems = pgTable(
  'access_review_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => accessReviews.id, { onDelete: 'cascade' }),
    /** 'staff_grant' | 'role' | 'api_token' | 'lrs_key' */
    kind: text('kind').notNull(),
    /** The grant, user, token or key the privilege belongs to. */
    subjectId: text('subject_id').notNull(),
    holder: text('holder').notNull(),
    privilege: text('privilege').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    decision: text('decision', { enum: ['confirmed', 'revoked'] }),
    decidedByUserId: uuid('decided_by_user_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('access_review_items_review_idx').on(t.reviewId)],
);
