import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgTable, primaryKey, real, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { users } from '../../platform/identity/identity.schema.js';
import { courses } from '../courses/courses.schema.js';
import { learningPaths } from '../paths/paths.schema.js';

/**
 * A course's certificate template: whether completing the course earns a certificate, and its
 * heading and text (none: the standard wording in the learner's language). One row per course,
 * none until someone configures it (off by default). Tenant-owned (RLS in the certificates RLS migration).
 */
export const certificateSettings = pgTable(
  'certificate_settings',
  {
    tenantId: tenantIdColumn(),
    courseId: uuid('course_id').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    heading: text('heading'),
    body: text('body'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.courseId] }),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
  ],
);

/**
 * A certificate issued for one completion of an enrolment: a snapshot of what it certifies
 * (names and titles as they were when it was issued), so the PDF and the verification page say
 * the same thing whatever changes later. `code` is the verification code (20 Crockford base32
 * characters, 100 random bits, stored without the grouping dashes). Tenant-owned (RLS).
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    code: text('code').notNull(),
    /** The enrolment it was earned in (no foreign key: a certificate outlives an unenrolment); null for a path's certificate. */
    enrolmentId: uuid('enrolment_id'),
    courseId: uuid('course_id'),
    /** A learning path's certificate: the path and the path enrolment it was earned in (then course and enrolment are null). */
    pathId: uuid('path_id'),
    pathEnrolmentId: uuid('path_enrolment_id'),
    userId: uuid('user_id').notNull(),
    learnerName: text('learner_name').notNull(),
    /** What it certifies: the course's title, or the learning path's. */
    courseTitle: text('course_title').notNull(),
    siteName: text('site_name').notNull(),
    /** The template's heading and text when issued (null: the standard wording). */
    heading: text('heading'),
    body: text('body'),
    /** The learner's language when issued: the PDF's. */
    language: text('language', { enum: ['de', 'en'] }).notNull(),
    status: text('status', { enum: ['completed', 'passed'] }).notNull(),
    scorePercent: real('score_percent'),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    unique('certificates_code_key').on(t.tenantId, t.code),
    // One certificate per completion: a redelivered completion event or a second request issues nothing new.
    unique('certificates_enrolment_completion_key').on(t.tenantId, t.enrolmentId, t.completedAt),
    // At most one valid certificate per enrolment (a revoked one may be followed by one for a later completion).
    uniqueIndex('certificates_enrolment_valid_key').on(t.tenantId, t.enrolmentId).where(sql`revoked_at is null`),
    unique('certificates_path_enrolment_completion_key').on(t.tenantId, t.pathEnrolmentId, t.completedAt),
    uniqueIndex('certificates_path_enrolment_valid_key').on(t.tenantId, t.pathEnrolmentId).where(sql`revoked_at is null`),
    // A course's certificate or a path's, never both nor neither.
    check(
      'certificates_course_or_path',
      sql`(${t.enrolmentId} is not null and ${t.courseId} is not null and ${t.pathId} is null and ${t.pathEnrolmentId} is null) or (${t.enrolmentId} is null and ${t.courseId} is null and ${t.pathId} is not null and ${t.pathEnrolmentId} is not null)`,
    ),
    index('certificates_course_idx').on(t.tenantId, t.courseId),
    index('certificates_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.pathId], foreignColumns: [learningPaths.tenantId, learningPaths.id] }).onDelete('cascade'),
  ],
);
