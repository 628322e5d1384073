import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { launchGrants } from '../launch/launch-grants.schema.js';
import { attempts } from '../tracking/tracking.schema.js';

export const CMI5_LAUNCH_MODES = ['Normal', 'Browse', 'Review'] as const;
export type Cmi5LaunchMode = (typeof CMI5_LAUNCH_MODES)[number];

/**
 * One launch of an AU (a cmi5 session): what the LMS told the AU (its session id, the one-time
 * fetch URL's token), what the AU has done (fetched, read the learner preferences, initialized,
 * terminated), or that the LMS gave up on it (abandoned, waived). The registration is the attempt;
 * for another area's viewer (a Space share link's visitor, who has no attempt) the session belongs
 * to their launch grant instead and goes with it. Tenant-owned: row-level security in
 * migrations/0033_cmi5_rls.sql.
 */
export const cmi5Sessions = pgTable(
  'cmi5_sessions',
  {
    /** The session id the statements carry (cmi5 context extension sessionid). */
    id: uuid('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The attempt (the registration) of a learner's session; null for an area viewer's. */
    attemptId: uuid('attempt_id'),
    /** The area grant of an area viewer's session (its registration is made from the grant's area reference); null for a learner's. */
    grantId: uuid('grant_id').references(() => launchGrants.id, { onDelete: 'cascade' }),
    /** The AU's LMS id (its activity id). */
    auId: text('au_id').notNull(),
    launchMode: text('launch_mode', { enum: CMI5_LAUNCH_MODES }).notNull().default('Normal'),
    /** SHA-256 of the fetch URL's one-time token. */
    fetchTokenHash: text('fetch_token_hash').notNull(),
    /** SHA-256 of the secret of the auth token the fetch URL handed out (once). */
    authSecretHash: text('auth_secret_hash'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }),
    preferencesReadAt: timestamp('preferences_read_at', { withTimezone: true }),
    initializedAt: timestamp('initialized_at', { withTimezone: true }),
    /** Whether the AU sent passed or failed in this session (at most one of them, cmi5 9.3.0). */
    judged: boolean('judged').notNull().default(false),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    abandonedAt: timestamp('abandoned_at', { withTimezone: true }),
    launchedAt: timestamp('launched_at', { withTimezone: true }).notNull().defaultNow(),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('cmi5_sessions_fetch_token_hash_key').on(t.fetchTokenHash),
    index('cmi5_sessions_attempt_idx').on(t.tenantId, t.attemptId),
    index('cmi5_sessions_grant_idx').on(t.grantId),
    check('cmi5_sessions_holder', sql`(${t.attemptId} is null) <> (${t.grantId} is null)`),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }).onDelete('cascade'),
  ],
);

/**
 * What a registration (attempt) has recorded of an AU, block or course (by its LMS id): the
 * AU's completed, passed, failed (each at most once, cmi5 9.3), waived, and whether its moveOn is
 * met (satisfied; for a block or the course: every child is).
 */
export const cmi5ActivityStates = pgTable(
  'cmi5_activity_states',
  {
    tenantId: tenantIdColumn(),
    attemptId: uuid('attempt_id').notNull(),
    activityId: text('activity_id').notNull(),
    completed: boolean('completed').notNull().default(false),
    passed: boolean('passed').notNull().default(false),
    failed: boolean('failed').notNull().default(false),
    waived: boolean('waived').notNull().default(false),
    satisfied: boolean('satisfied').notNull().default(false),
    /** The AU's time in its sessions so far (the durations of its terminated and abandoned statements). */
    timeSeconds: integer('time_seconds').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attemptId, t.activityId] }),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }).onDelete('cascade'),
  ],
);
