import { foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../db/tenant-column.js';
import { users } from '../identity/identity.schema.js';

/** A data export or erasure asked for by a user or started by an admin, and how it ended. */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** The person the request is about (kept as an id: after erasure it points to the anonymised row). */
    subjectUserId: uuid('subject_user_id').notNull(),
    kind: text('kind', { enum: ['export', 'erasure'] }).notNull(),
    status: text('status', { enum: ['requested', 'completed', 'rejected'] }).notNull().default('requested'),
    requestedByUserId: uuid('requested_by_user_id'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    handledByUserId: uuid('handled_by_user_id'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
  },
  (t) => [index('privacy_requests_tenant_idx').on(t.tenantId, t.requestedAt)],
);

/**
 * Consent to update e-mails (news, not service mail), given by double opt-in: the exact text
 * shown, the address that confirmed it, when it was asked, confirmed and withdrawn. One row per
 * user and topic.
 */
export const mailConsents = pgTable(
  'mail_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    userId: uuid('user_id').notNull(),
    topic: text('topic').notNull().default('updates'),
    status: text('status', { enum: ['pending', 'confirmed', 'withdrawn'] }).notNull(),
    /**
     * The address (lower-cased) the confirmation link was sent to, so the one whose owner confirmed:
     * the consent holds for it only. Update e-mails go to the account's address only while it is this one.
     */
    email: text('email').notNull(),
    /** The exact text the person agreed to, in the language it was shown. */
    consentText: text('consent_text').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    requestIp: text('request_ip'),
    /** SHA-256 of the confirmation link's token while pending. */
    confirmationTokenHash: text('confirmation_token_hash'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmIp: text('confirm_ip'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** 'settings' | 'unsubscribe_link' | 'admin' | 'erasure' | 'address_changed' */
    withdrawnVia: text('withdrawn_via'),
  },
  (t) => [
    uniqueIndex('mail_consents_user_topic_key').on(t.tenantId, t.userId, t.topic),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);

/** An update e-mail a tenant's admin sent to the people who consented. */
export const updateMailings = pgTable(
  'update_mailings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    sentByUserId: uuid('sent_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    recipientCount: integer('recipient_count').notNull().default(0),
    /** Delivery runs in batches by user id (update-mail-delivery.ts): the last id mailed, so a retried run goes on where it stopped. */
    deliveredThroughUserId: uuid('delivered_through_user_id'),
    /** Mails queued so far; the recipients are those whose consent still holds when their batch is sent. */
    deliveredCount: integer('delivered_count').notNull().default(0),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [index('update_mailings_tenant_idx').on(t.tenantId, t.createdAt)],
);
