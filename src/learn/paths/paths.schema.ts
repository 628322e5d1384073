import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { groups } from '../../platform/groups/groups.schema.js';
import { users } from '../../platform/identity/identity.schema.js';
import { courses } from '../courses/courses.schema.js';

/**
 * A learning path: an ordered set of courses with prerequisites among them, a due date and an
 * optional certificate for the whole path. Tenant-owned: row-level security in
 * migrations/0029_learning_paths_rls.sql.
 */
export const learningPaths = pgTable(
  'learning_paths',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    title: text('title').notNull(),
    description: text('description'),
    /** The due date of the course enrolments the path makes. */
    dueAt: timestamp('due_at', { withTimezone: true }),
    certificateEnabled: boolean('certificate_enabled').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('learning_paths_tenant_id_id_key').on(t.tenantId, t.id)],
);

/** A course of a path, at its place, with the courses of the same path to finish before it opens. */
export const learningPathCourses = pgTable(
  'learning_path_courses',
  {
    tenantId: tenantIdColumn(),
    pathId: uuid('path_id').notNull(),
    courseId: uuid('course_id').notNull(),
    position: integer('position').notNull(),
    /** Course ids of the same path (a course removed from the path is ignored here). */
    prerequisites: uuid('prerequisites').array().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.pathId, t.courseId] }),
    index('learning_path_courses_course_idx').on(t.tenantId, t.courseId),
    foreignKey({ columns: [t.tenantId, t.pathId], foreignColumns: [learningPaths.tenantId, learningPaths.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [courses.tenantId, courses.id] }).onDelete('cascade'),
  ],
);

export const PATH_ENROLMENT_SOURCES = ['direct', 'group'] as const;

/** A user in a path; the course enrolments it brings are enrolments with source 'path'. */
export const learningPathEnrolments = pgTable(
  'learning_path_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    pathId: uuid('path_id').notNull(),
    userId: uuid('user_id').notNull(),
    source: text('source', { enum: PATH_ENROLMENT_SOURCES }).notNull().default('direct'),
    /** For source 'group': the group enrolled in the path that brought the user in. */
    groupId: uuid('group_id'),
    enrolledBy: uuid('enrolled_by'),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the learner had finished every course of the path (it stays when courses are added later). */
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    unique('learning_path_enrolments_tenant_id_id_key').on(t.tenantId, t.id),
    unique('learning_path_enrolments_path_user_key').on(t.tenantId, t.pathId, t.userId),
    index('learning_path_enrolments_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.pathId], foreignColumns: [learningPaths.tenantId, learningPaths.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    // ON DELETE SET NULL (group_id) only: set in the RLS migration (drizzle cannot name the column).
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('set null'),
  ],
);

/** A group (by default with its sub-groups) enrolled in a path: its members, present and future, are in the path. */
export const learningPathGroups = pgTable(
  'learning_path_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    pathId: uuid('path_id').notNull(),
    groupId: uuid('group_id').notNull(),
    includeSubgroups: boolean('include_subgroups').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('learning_path_groups_path_group_key').on(t.tenantId, t.pathId, t.groupId),
    index('learning_path_groups_group_idx').on(t.tenantId, t.groupId),
    foreignKey({ columns: [t.tenantId, t.pathId], foreignColumns: [learningPaths.tenantId, learningPaths.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('cascade'),
  ],
);
