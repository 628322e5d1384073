import { z } from 'zod';
import { displayName } from '../../platform/names/display-name.contract.js';
import { dueAtInput } from '../enrolments/enrolments.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

export const PATH_TITLE_MAX = 200;
export const PATH_DESCRIPTION_MAX = 2000;
/** Most courses one path holds. */
export const PATH_COURSES_MAX = 50;

/**
 * One step of a path: a course, and the courses of the same path a learner must finish first
 * (none: it is open as soon as the learner is enrolled in the path). The steps' order is the
 * order the learner sees.
 */
export const pathCourseInput = z.object({
  courseId: z.uuid(),
  prerequisites: z.array(z.uuid()).max(PATH_COURSES_MAX).default([]),
});

/** A path as its editor sends it (created or replaced whole). */
export const pathInput = z.object({
  title: displayName(PATH_TITLE_MAX),
  description: z
    .string()
    .overwrite((text) => text.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .max(PATH_DESCRIPTION_MAX)
    .nullable()
    .default(null)
    .transform((text) => (text === '' ? null : text)),
  /** The date the whole path is due by: the due date of the course enrolments the path makes. */
  dueAt: dueAtInput.default(null),
  /** Whether finishing every course of the path earns a certificate for the path. */
  certificateEnabled: z.boolean().default(false),
  courses: z.array(pathCourseInput).min(1).max(PATH_COURSES_MAX),
});
export type PathInput = z.input<typeof pathInput>;

export const pathSummaryView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  certificateEnabled: z.boolean(),
  courseCount: z.number().int(),
  enrolledCount: z.number().int(),
  completedCount: z.number().int(),
});
export type PathSummaryView = z.infer<typeof pathSummaryView>;

/** In alphabetical order of title. */
export const pathListView = z.object({ paths: z.array(pathSummaryView) });
export type PathListView = z.infer<typeof pathListView>;

export const pathCourseView = z.object({
  courseId: z.uuid(),
  title: z.string(),
  /** The course's own status: a draft or archived course is not enrolled in until it is published. */
  courseStatus: z.enum(['draft', 'published', 'archived']),
  prerequisites: z.array(z.uuid()),
});
export type PathCourseView = z.infer<typeof pathCourseView>;

/** A group enrolled in the path: its members, present and future, are enrolled. */
export const pathGroupView = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  groupName: z.string(),
  includeSubgroups: z.boolean(),
});
export type PathGroupView = z.infer<typeof pathGroupView>;

export const pathView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  certificateEnabled: z.boolean(),
  /** In the path's order. */
  courses: z.array(pathCourseView),
  groups: z.array(pathGroupView),
  updatedAt: z.iso.datetime(),
});
export type PathView = z.infer<typeof pathView>;

export const PATH_PROGRESS_STATES = ['not_started', 'in_progress', 'completed'] as const;
export type PathProgressState = (typeof PATH_PROGRESS_STATES)[number];

const progress = {
  coursesCompleted: z.number().int(),
  coursesTotal: z.number().int(),
  /** coursesCompleted of coursesTotal, rounded down (0-100). */
  percent: z.number().int(),
  state: z.enum(PATH_PROGRESS_STATES),
  /** When the last course was finished (the path stays completed when courses are added later). */
  completedAt: z.iso.datetime().nullable(),
};

/** A learner in the path, as its administrators see them. */
export const pathEnrolmentView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  source: z.enum(['direct', 'group']),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  enrolledAt: z.iso.datetime(),
  /** The path's due date has passed and the learner has not finished it. */
  overdue: z.boolean(),
  ...progress,
});
export type PathEnrolmentView = z.infer<typeof pathEnrolmentView>;

export const pathEnrolmentListView = z.object({ enrolments: z.array(pathEnrolmentView) });
export type PathEnrolmentListView = z.infer<typeof pathEnrolmentListView>;

export const enrolInPathInput = z.object({ userIds: z.array(z.uuid()).min(1).max(1000) });
export type EnrolInPathRequest = z.input<typeof enrolInPathInput>;

export const enrolInPathResult = z.object({
  /** Ids of the path enrolments created. */
  created: z.array(z.uuid()),
  /** Users already in the path (now directly, whatever brought them). */
  alreadyEnrolled: z.number().int(),
});
export type EnrolInPathResult = z.infer<typeof enrolInPathResult>;

export const enrolGroupInPathInput = z.object({
  groupId: z.uuid(),
  /** Whether members of the group's sub-groups are enrolled too (default true). */
  includeSubgroups: z.boolean().default(true),
});
export type EnrolGroupInPathRequest = z.input<typeof enrolGroupInPathInput>;

export const enrolGroupInPathResult = z.object({ group: pathGroupView, enrolled: z.number().int() });
export type EnrolGroupInPathResult = z.infer<typeof enrolGroupInPathResult>;

/** What leaving a path does to the course enrolments it made: those without progress go, the others stay as direct enrolments. */
export const leavePathResult = z.object({ removed: z.number().int(), kept: z.number().int() });
export type LeavePathResult = z.infer<typeof leavePathResult>;

/**
 * A course of a learner's path: `locked` until its prerequisites are finished (`waitingFor`
 * names them), `unavailable` while the course is not published, else `open` with the learner's
 * enrolment (which may have been made by other means than the path).
 */
export const myPathCourseView = z.object({
  courseId: z.uuid(),
  title: z.string(),
  availability: z.enum(['open', 'locked', 'unavailable']),
  waitingFor: z.array(z.object({ courseId: z.uuid(), title: z.string() })),
  enrolmentId: z.uuid().nullable(),
  status: z.enum(['not_started', 'in_progress', 'completed', 'passed', 'failed']).nullable(),
  dueAt: z.iso.datetime().nullable(),
});
export type MyPathCourseView = z.infer<typeof myPathCourseView>;

export const myPathView = z.object({
  pathEnrolmentId: z.uuid(),
  pathId: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  /** The path's certificate once earned (download it at /api/learn/me/certificates/{id}/pdf). */
  certificateId: z.uuid().nullable(),
  courses: z.array(myPathCourseView),
  ...progress,
});
export type MyPathView = z.infer<typeof myPathView>;

/** Paths not completed first (by due date), then the completed ones. */
export const myPathListView = z.object({ paths: z.array(myPathView) });
export type MyPathListView = z.infer<typeof myPathListView>;
