import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn, unreferencedTenantIdColumn } from '../../platform/db/tenant-column.js';

/**
 * Stored xAPI statements, immutable once written (voiding only sets `voided`; a person's erasure
 * replaces them by a pseudonym in the JSON and the terms, lrs-privacy.repository.ts and
 * migrations/0077_lrs_erasure.sql). Each is found by id,
 * and listed newest first by `stored` with `seq` breaking ties; the filters of GET /xapi/statements
 * each have an index that serves them in that order. Tenant-owned: row-level security in
 * migrations/0031_lrs_rls.sql.
 */
export const xapiStatements = pgTable(
  'xapi_statements',
  {
    tenantId: tenantIdColumn(),
    id: uuid('id').notNull(),
    /** Insertion order, the tie-breaker of `stored` (several statements of a batch share one). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    stored: timestamp('stored', { withTimezone: true, precision: 3 }).notNull(),
    /** Set by a voiding statement stored later; voided statements are returned only by voidedStatementId. */
    voided: boolean('voided').notNull().default(false),
    /** The statement a StatementRef object points at (voiding statements included). */
    targetId: uuid('target_id'),
    /** The LRS key (or launch credential) that stored it: `statements/read/mine` sees only its own. */
    authorityKey: text('authority_key').notNull(),
    /** The statement as stored (with id, stored, timestamp, authority and version filled in). */
    statement: jsonb('statement').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('xapi_statements_stored_idx').on(t.tenantId, t.stored.desc(), t.seq.desc()),
    index('xapi_statements_target_idx').on(t.tenantId, t.targetId).where(sql`target_id IS NOT NULL`),
  ],
);

/**
 * What a statement can be found by, one row per term: its verb, registration, agents and
 * activities, each as a digest key (terms.ts). `related = false` for what the plain filters match
 * (actor or object, the object activity, the verb, the registration), `related = true` for what
 * only `related_agents` and `related_activities` match (authority, instructor, team, context
 * activities, the sub-statement's); each key once per statement, so the broad filters read both
 * kinds (migrations/0036_lrs_terms_once_per_key.sql). A statement whose object is a StatementRef also gets the terms
 * of the statement it targets, as the filters of GET /xapi/statements require. Every filter reads
 * this one index in `stored` order; a second filter probes it by its primary key. A term finds its
 * statement by `(stored, seq)`, which the index holds, so the rows carry nothing else.
 */
export const xapiStatementTerms = pgTable(
  'xapi_statement_terms',
  {
    // No foreign key: its check would run for each of a statement's eight or so rows, and the
    // statement's own row has one. A tenant's rows go with it by a trigger (0035_lrs_terms_erasure.sql).
    tenantId: unreferencedTenantIdColumn(),
    termKey: uuid('term_key').notNull(),
    related: boolean('related').notNull(),
    stored: timestamp('stored', { withTimezone: true, precision: 3 }).notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.termKey, t.related, t.stored, t.seq] })],
);

/** Attachments' bytes live in the platform's blob store; this row says which hash a statement may name and what it is. */
export const xapiAttachments = pgTable(
  'xapi_attachments',
  {
    tenantId: tenantIdColumn(),
    /** The attachment's SHA-256 as the statement names it (hex). */
    sha2: text('sha2').notNull(),
    contentType: text('content_type').notNull(),
    length: bigint('length', { mode: 'number' }).notNull(),
    /** The blob store's hash of the bytes (the same SHA-256, kept apart so the store's addressing can change). */
    blobHash: text('blob_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.sha2] })],
);

/** The canonical definition of each activity the LRS has seen (GET /xapi/activities). */
export const xapiActivities = pgTable(
  'xapi_activities',
  {
    tenantId: tenantIdColumn(),
    activityId: text('activity_id').notNull(),
    definition: jsonb('definition').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.activityId] })],
);
