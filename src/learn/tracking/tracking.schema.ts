import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { contentVersions } from '../courses/courses.schema.js';
import { enrolments, PROGRESS_STATUSES } from '../enrolments/enrolments.schema.js';

/**
 * One attempt of an enrolment, pinned to the content version it started on: a new upload
 * does not move a learner in the middle of an attempt. Tenant-owned (RLS).
 */
export const attempts = pgTable(
  'attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    enrolmentId: uuid('enrolment_id').notNull(),
    versionId: uuid('version_id').notNull(),
    /** 1, 2, 3… per enrolment. */
    number: integer('number').notNull(),
    status: text('status', { enum: PROGRESS_STATUSES }).notNull().default('not_started'),
    scorePercent: real('score_percent'),
    timeSpentSeconds: integer('time_spent_seconds').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    lastAccessAt: timestamp('last_access_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Set when the attempt was reset or superseded; a closed attempt takes no commits. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    unique('attempts_tenant_id_id_key').on(t.tenantId, t.id),
    unique('attempts_enrolment_number_key').on(t.enrolmentId, t.number),
    foreignKey({ columns: [t.tenantId, t.enrolmentId], foreignColumns: [enrolments.tenantId, enrolments.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [contentVersions.tenantId, contentVersions.id] }).onDelete('restrict'),
  ],
);

/**
 * The SCORM run-time data of one SCO in one attempt, as the player last committed it.
 * `seq` is the player's commit sequence number: a commit with a number at or below it is
 * stale or repeated and changes nothing.
 */
export const scoStates = pgTable(
  'sco_states',
  {
    tenantId: tenantIdColumn(),
    attemptId: uuid('attempt_id').notNull(),
    /** The item identifier in the manifest. */
    scoId: text('sco_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** The CMI data model (cmi.* and adl.* values) as the runtime holds it. */
    cmi: jsonb('cmi').notNull().default(sql`'{}'::jsonb`),
    completionStatus: text('completion_status'),
    successStatus: text('success_status'),
    scorePercent: real('score_percent'),
    /** How far through the SCO the learner is, 0..1 (SCORM 2004 `cmi.progress_measure`), when it says. */
    progressMeasure: real('progress_measure'),
    totalTimeSeconds: integer('total_time_seconds').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.scoId] }),
    index('sco_states_tenant_idx').on(t.tenantId),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }).onDelete('cascade'),
  ],
);
