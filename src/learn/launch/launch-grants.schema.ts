import { foreignKey, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { sessions, users } from '../../platform/identity/identity.schema.js';
import { contentVersions } from '../courses/courses.schema.js';
import { attempts } from '../tracking/tracking.schema.js';

export const LAUNCH_GRANT_KINDS = ['attempt', 'preview'] as const;
export type LaunchGrantKind = (typeof LAUNCH_GRANT_KINDS)[number];

/**
 * A launch credential: what course content running on the content origin may do, and nothing
 * more. An `attempt` grant reads the files of the attempt's version and commits to that one
 * attempt; a `preview` grant only reads a version's files. It belongs to the session that
 * opened the player and dies with it (deleted with the session), with its attempt (closed
 * attempts are refused) and at `expires_at`. The token itself is never stored, only its SHA-256.
 * Tenant-owned (RLS).
 */
export const launchGrants = pgTable(
  'launch_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    tokenHash: text('token_hash').notNull().unique(),
    kind: text('kind', { enum: LAUNCH_GRANT_KINDS }).notNull(),
    attemptId: uuid('attempt_id'),
    versionId: uuid('version_id').notNull(),
    userId: uuid('user_id').notNull(),
    sessionIdHash: text('session_id_hash')
      .notNull()
      .references(() => sessions.idHash, { onDelete: 'cascade' }),
    /** The app page that frames the content (its frame-ancestors, and the only origin its messages go to). */
    appOrigin: text('app_origin').notNull(),
    /** The content origin the grant was issued for; a request on another content host is refused. */
    contentOrigin: text('content_origin').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('launch_grants_session_idx').on(t.sessionIdHash),
    index('launch_grants_attempt_idx').on(t.attemptId),
    index('launch_grants_expires_idx').on(t.expiresAt),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [contentVersions.tenantId, contentVersions.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }).onDelete('cascade'),
  ],
);
