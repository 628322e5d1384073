import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/identity/identity.schema.js';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { spaceItems } from '../library/library.schema.js';
import type { CommentAnchor } from './review.contract.js';

export const COMMENT_STATUSES = ['open', 'resolved', 'reopened'] as const;

/**
 * A review comment on a file, tied to the version it was made on and anchored where it applies
 * (a slide, a time, a page, a region of an image). A thread is a first comment (which carries the
 * status) and its replies (`threadId`). Its author is a user of the site or a guest reviewer,
 * never both.
 */
export const spaceComments = pgTable(
  'space_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    threadId: uuid('thread_id'),
    authorId: uuid('author_id'),
    guestAuthorId: uuid('guest_author_id'),
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
    unique('space_comments_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.guestAuthorId], foreignColumns: [spaceGuestReviewers.tenantId, spaceGuestReviewers.id] }).onDelete('cascade'),
    check('space_comments_one_author', sql`(${t.authorId} is null) <> (${t.guestAuthorId} is null)`),
  ],
);

/** A request to review a file's version by a due date, sent to members who each say when they are done. */
export const spaceReviewRequests = pgTable(
  'space_review_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    message: text('message').notNull().default(''),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('space_review_requests_tenant_id_id_key').on(t.tenantId, t.id),
    index('space_review_requests_item_idx').on(t.itemId),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
  ],
);

export const spaceReviewers = pgTable(
  'space_reviewers',
  {
    tenantId: tenantIdColumn(),
    requestId: uuid('request_id').notNull(),
    userId: uuid('user_id').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.userId] }),
    index('space_reviewers_user_idx').on(t.userId),
    foreignKey({ columns: [t.tenantId, t.requestId], foreignColumns: [spaceReviewRequests.tenantId, spaceReviewRequests.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);

/**
 * A reviewer without an account: asked by e-mail, and the address is proven by the personal link
 * sent to it (its token, found by SHA-256, sealed so reminders can carry it again). Whatever the
 * guest does through the link is done as this guest, whatever the form says.
 */
export const spaceGuestReviewers = pgTable(
  'space_guest_reviewers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    requestId: uuid('request_id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** The language of the guest's mails (the requester's: the guest's own is not known). */
    language: text('language', { enum: ['de', 'en'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    tokenSealed: text('token_sealed').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** When the link was last mailed on request ("send again"; at most once a minute). */
    resentAt: timestamp('resent_at', { withTimezone: true }),
    /** Taken off the request: the link opens nothing more; what the guest wrote stays. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('space_guest_reviewers_request_email_key').on(t.requestId, t.email),
    unique('space_guest_reviewers_tenant_id_id_key').on(t.tenantId, t.id),
    foreignKey({ columns: [t.tenantId, t.requestId], foreignColumns: [spaceReviewRequests.tenantId, spaceReviewRequests.id] }).onDelete('cascade'),
  ],
);

/**
 * A screenshot (or other picture) on a comment: an image whose bytes were checked, stored as one
 * blob. Uploaded first (`commentId` null, only its uploader may use it), then taken by the
 * comment or reply that names it; one not taken within a day is removed by the hourly sweep.
 */
export const spaceCommentAttachments = pgTable(
  'space_comment_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    commentId: uuid('comment_id'),
    uploadedBy: uuid('uploaded_by').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    blobHash: text('blob_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('space_comment_attachments_comment_idx').on(t.commentId),
    index('space_comment_attachments_blob_idx').on(t.blobHash),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.commentId], foreignColumns: [spaceComments.tenantId, spaceComments.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.uploadedBy], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
