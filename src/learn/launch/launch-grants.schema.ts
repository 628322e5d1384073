import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { sessions, users } from '../../platform/identity/identity.schema.js';
import { contentVersions } from '../courses/courses.schema.js';
import { attempts } from '../tracking/tracking.schema.js';

export const LAUNCH_GRANT_KINDS = ['attempt', 'preview', 'area'] as const;
export type LaunchGrantKind = (typeof LAUNCH_GRANT_KINDS)[number];

/**
 * A launch credential: what course content running on the content origin may do, and nothing
 * more. An `attempt` grant reads the files of the attempt's version and commits to that one
 * attempt; a `preview` grant only reads a version's files. It belongs to the session that
 * opened the player and dies with it (deleted with the session), with its attempt (closed
 * attempts are refused) and at `expires_at`. An `area` grant is another area's visitor without
 * a session (a Space share link's): it reads a preview-only version's files and hands its
 * commits to that area under `area_ref`, never to Learn's records; it lives until `expires_at`
 * or until the area ends it (`endAreaGrants`). The token itself is never stored, only its
 * SHA-256. Tenant-owned (RLS).
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
    /** Null only for an `area` grant: its visitor has no account here. */
    userId: uuid('user_id'),
    /** Null only for an `area` grant: its visitor has no session. */
    sessionIdHash: text('session_id_hash').references(() => sessions.idHash, { onDelete: 'cascade' }),
    /** An `area` grant's reference in its area (`space-link:<link>:view:<view>`): where its commits go, and what ends it. */
    areaRef: text('area_ref'),
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
    index('launch_grants_area_ref_idx').on(t.areaRef.op('text_pattern_ops')),
    check(
      'launch_grants_holder',
      sql`(${t.kind} = 'area' and ${t.areaRef} is not null and ${t.attemptId} is null and ${t.userId} is null and ${t.sessionIdHash} is null)
          or (${t.kind} <> 'area' and ${t.areaRef} is null and ${t.userId} is not null and ${t.sessionIdHash} is not null)`,
    ),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [contentVersions.tenantId, contentVersions.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }).onDelete('cascade'),
  ],
);
