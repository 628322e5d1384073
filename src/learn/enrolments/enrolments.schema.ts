import { foreignKey, index, integer, pgTable, real, text, timestamp, unique, uuid, boolean } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { groups } from '../../platform/groups/groups.schema.js';
import { users } from '../../platform/identity/identity.schema.js';
import { courses } from '../courses/courses.schema.js';
import { learningPaths } from '../paths/paths.schema.js';

/** The learner-facing progress of an enrolment or attempt. */
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed', 'passed', 'failed'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** How an enrolment came about: enrolled by someone, by a group, by the learner, by a learning path as its course opened, or by a purchase in the store. */
export const ENROLMENT_SOURCES = ['direct', 'group', 'self', 'path', 'purchase'] as const;
export type EnrolmentSource = (typeof ENROLMENT_SOURCES)[number];

/**
 * A user enrolled in a course, with the summary of their progress (kept up to date by the
 * tracking commits, so dashboards and reports read one row per enrolment). Tenant-owned (RLS).
 */
export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    courseId: uuid('course_id').notNull(),
    userId: uuid('user_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    source: text('source', { enum: ENROLMENT_SOURCES }).notNull().default('direct'),
    /** For source 'group': the group enrolment that brought the user in. */
    groupId: uuid('group_id'),
    /** For source 'path': the learning path that brought the user in. */
    pathId: uuid('path_id'),
    enrolledBy: uuid('enrolled_by'),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: PROGRESS_STATUSES }).notNull().default('not_started'),
    /** The score: the open attempt's, or an earlier attempt's when that was better; in percent (0-100). */
    scorePercent: real('score_percent'),
    /**
     * What earlier (closed) attempts reached and keep: 'completed' or 'passed' (null: nothing that
     * stays), and their best score. The open attempt's own status and score follow its latest data;
     * the enrolment's are the better of the two. Cleared by a reset.
     */
    earlierStatus: text('earlier_status', { enum: ['completed', 'passed'] }),
    earlierScorePercent: real('earlier_score_percent'),
    timeSpentSeconds: integer('time_spent_seconds').notNull().default(0),
    attemptCount: integer('attempt_count').notNull().default(0),
    firstAccessAt: timestamp('first_access_at', { withTimezone: true }),
    lastAccessAt: timestamp('last_access_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Notifications already sent, so each goes out once. */
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    overdueSentAt: timestamp('overdue_sent_at', { withTimezone: true }),
    /** The last reminder a manager or administrator sent by hand ("remind now"); at most one a day. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    unique('enrolments_tenant_id_id_key').on(t.tenantId, t.id),
    unique('enrolments_course_user_key').on(t.tenantId, t.courseId, t.userId),
    index('enrolments_user_idx').on(t.tenantId, t.userId),
    index('enrolments_due_idx').on(t.dueAt),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('set null'),
    // ON DELETE SET NULL (path_id) only: set in migrations/0029_learning_paths_rls.sql.
    foreignKey({ columns: [t.tenantId, t.pathId], foreignColumns: [learningPaths.tenantId, learningPaths.id] }).onDelete('set null'),
    index('enrolments_path_idx').on(t.tenantId, t.pathId),
  ],
);

/** A group (with its sub-groups) enrolled in a course: its members, present and future, are enrolled. */
export const groupEnrolments = pgTable(
  'group_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    groupId: uuid('group_id').notNull(),
    courseId: uuid('course_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    includeSubgroups: boolean('include_subgroups').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('group_enrolments_group_course_key').on(t.groupId, t.courseId),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
  ],
);

/**
 * Access to a course that another area sold (the store): one row per sale's reference, so ending
 * one sale's access (a refund) leaves another's, and an enrolment by other means, untouched. The
 * enrolment it made (source 'purchase') lasts while a row of the user and course does.
 */
export const purchasedAccess = pgTable(
  'purchased_access',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** The selling area's reference (`market:<grant id>`). */
    reference: text('reference').notNull(),
    courseId: uuid('course_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** When the access ends by itself (access for N days); null: for life. */
    endsAt: timestamp('ends_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('purchased_access_reference_key').on(t.tenantId, t.reference),
    index('purchased_access_course_user_idx').on(t.tenantId, t.courseId, t.userId),
    index('purchased_access_ends_idx').on(t.endsAt),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);
