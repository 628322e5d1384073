import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { spaceItems } from '../library/library.schema.js';

export const SHARE_AUDIENCES = ['public', 'tenant', 'recipients'] as const;

/**
 * A link that opens one file or folder of the library to people outside the Space. Its token is a
 * credential: found by its SHA-256 (`tokenHash`), kept sealed with the server's key only so the
 * link's makers can copy it again. Revoking is at once: the next request answers as for a link
 * that never existed.
 */
export const spaceShareLinks = pgTable(
  'space_share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    itemId: uuid('item_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    tokenSealed: text('token_sealed').notNull(),
    /** `public`: anybody with the link; `tenant`: signed-in users of the site; `recipients`: the named addresses, each proven by a code sent to it. */
    audience: text('audience', { enum: SHARE_AUDIENCES }).notNull(),
    passwordHash: text('password_hash'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    allowDownload: boolean('allow_download').notNull().default(false),
    /** Origins that may embed the link's page (its frame-ancestors); none: only the site itself. */
    embedOrigins: text('embed_origins').array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('space_share_links_item_idx').on(t.itemId),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [spaceItems.tenantId, spaceItems.id] }).onDelete('cascade'),
  ],
);

/**
 * An address a `recipients` link is for. Whoever opens the link proves the address by a one-time
 * code mailed to it: kept only as a hash, valid for minutes, void after a few wrong tries and once
 * used. Removing the row takes the address's access away at once.
 */
export const spaceShareRecipients = pgTable(
  'space_share_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    linkId: uuid('link_id').notNull(),
    /** Trimmed and in lower case: the form it is compared in. */
    email: text('email').notNull(),
    codeHash: text('code_hash'),
    codeSentAt: timestamp('code_sent_at', { withTimezone: true }),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    codeAttempts: integer('code_attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('space_share_recipients_link_email_key').on(t.linkId, t.email), foreignKey({ columns: [t.linkId], foreignColumns: [spaceShareLinks.id] }).onDelete('cascade')],
);

export const SHARE_VISIT_KINDS = ['open', 'content', 'download', 'unlocked', 'verified', 'refused'] as const;

/** Every access through a share link: who (a signed-in user, or a visitor by a hash of address and browser), when, what. */
export const spaceShareVisits = pgTable(
  'space_share_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    linkId: uuid('link_id').notNull(),
    kind: text('kind', { enum: SHARE_VISIT_KINDS }).notNull(),
    /** The file reached (the link's own, or one in its folder). */
    itemId: uuid('item_id'),
    userId: uuid('user_id'),
    /** The named recipient's address the visitor proved, on a `recipients` link (kept when the recipient is removed). */
    recipientEmail: text('recipient_email'),
    /** SHA-256 of the visitor's address and browser, with the link: counts unique visitors without keeping the address. */
    visitor: text('visitor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('space_share_visits_link_idx').on(t.linkId, t.at), foreignKey({ columns: [t.linkId], foreignColumns: [spaceShareLinks.id] }).onDelete('cascade')],
);
