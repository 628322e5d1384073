import { z } from 'zod';
import { localisedRefinement } from '../../platform/http/localised-checks.contract.js';
import { courseCategoryRef } from '../categories/categories.contract.js';

// Contracts are shared with the web app: zod only, nothing of Node.

/** Most users one request enrols. */
export const ENROL_PER_REQUEST = 1000;
/** An enrolment is "due soon" this long before its due date. */
export const DUE_SOON_DAYS = 7;

const statuses = ['not_started', 'in_progress', 'completed', 'passed', 'failed'] as const;
const sources = ['direct', 'group', 'self', 'path', 'purchase'] as const;

/** A due date: an ISO 8601 date-time with an offset (`2026-12-31T23:59:59+01:00`), or null for none. */
export const dueAtInput = z.iso.datetime({ offset: true }).nullable();

export const enrolUsersInput = z.object({
  userIds: z.array(z.uuid()).min(1).max(ENROL_PER_REQUEST),
  /** Omitted: new enrolments have no due date and existing ones keep theirs. */
  dueAt: dueAtInput.optional(),
});
export type EnrolUsersRequest = z.input<typeof enrolUsersInput>;

export const enrolUsersResult = z.object({
  /** Ids of the enrolments created by this request. */
  created: z.array(z.uuid()),
  /** Users who were enrolled already (their enrolment is now direct, with the due date when one was sent). */
  alreadyEnrolled: z.number().int(),
});
export type EnrolUsersResult = z.infer<typeof enrolUsersResult>;

export const changeDueInput = z.object({ dueAt: dueAtInput });
export type ChangeDueRequest = z.input<typeof changeDueInput>;

export const enrolGroupInput = z.object({
  groupId: z.uuid(),
  dueAt: dueAtInput.optional(),
  /** Whether members of the group's sub-groups are enrolled too (default true). */
  includeSubgroups: z.boolean().optional(),
});
export type EnrolGroupRequest = z.input<typeof enrolGroupInput>;

export const updateGroupEnrolmentInput = z
  .object({ dueAt: dueAtInput.optional(), includeSubgroups: z.boolean().optional() })
  .refine((b) => b.dueAt !== undefined || b.includeSubgroups !== undefined, localisedRefinement({ en: 'is required unless subgroups are included or left out', de: 'fehlt, und auch Untergruppen werden weder ein- noch ausgeschlossen' }, ['dueAt']));
export type UpdateGroupEnrolmentRequest = z.input<typeof updateGroupEnrolmentInput>;

export const courseEnrolmentView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  source: z.enum(sources),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  /** For source 'path': the learning path that enrolled the user as the course opened to them. */
  pathId: z.uuid().nullable(),
  pathTitle: z.string().nullable(),
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  status: z.enum(statuses),
  scorePercent: z.number().nullable(),
  attemptCount: z.number().int(),
  enrolledAt: z.iso.datetime(),
  lastAccessAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
});
export type CourseEnrolmentView = z.infer<typeof courseEnrolmentView>;

export const groupEnrolmentView = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  groupName: z.string(),
  dueAt: z.iso.datetime().nullable(),
  includeSubgroups: z.boolean(),
  /** Enrolments that came in through this group enrolment. */
  enrolmentCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type GroupEnrolmentView = z.infer<typeof groupEnrolmentView>;

export const courseEnrolmentsView = z.object({
  enrolments: z.array(courseEnrolmentView),
  groups: z.array(groupEnrolmentView),
});
export type CourseEnrolmentsView = z.infer<typeof courseEnrolmentsView>;

export const enrolGroupResult = z.object({
  groupEnrolment: groupEnrolmentView,
  /** Ids of the enrolments this request created. */
  created: z.array(z.uuid()),
});
export type EnrolGroupResult = z.infer<typeof enrolGroupResult>;

export const removeGroupEnrolmentResult = z.object({
  /** Enrolments without progress that were removed. */
  removed: z.number().int(),
  /** Enrolments with progress that were kept (they are direct enrolments now, or came under another group). */
  kept: z.number().int(),
});
export type RemoveGroupEnrolmentResult = z.infer<typeof removeGroupEnrolmentResult>;

export const DASHBOARD_BUCKETS = ['overdue', 'due_soon', 'in_progress', 'not_started', 'completed'] as const;
export type DashboardBucket = (typeof DASHBOARD_BUCKETS)[number];

export const myEnrolmentView = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  courseTitle: z.string(),
  courseDescription: z.string(),
  source: z.enum(sources),
  status: z.enum(statuses),
  scorePercent: z.number().nullable(),
  /** 0-100: share of the current attempt's SCOs completed; 100 once the course is completed or passed. */
  progressPercent: z.number().int(),
  dueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  bucket: z.enum(DASHBOARD_BUCKETS),
  enrolledAt: z.iso.datetime(),
  lastAccessAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  /** False for an archived course: listed for its results, but it cannot be opened. */
  available: z.boolean(),
  /** Whether the course has a cover image (GET /api/learn/courses/{courseId}/cover). */
  hasCover: z.boolean(),
});
export type MyEnrolmentView = z.infer<typeof myEnrolmentView>;

/** In dashboard order: overdue, due soon, in progress, not started, completed. */
export const myEnrolmentsView = z.object({ enrolments: z.array(myEnrolmentView) });
export type MyEnrolmentsView = z.infer<typeof myEnrolmentsView>;

/** Search (title, description, category, tags; case ignored) and a category. */
export const catalogueQuery = z.object({
  q: z.string().trim().max(200).optional(),
  categoryId: z.uuid().optional(),
});
export type CatalogueQuery = z.infer<typeof catalogueQuery>;

export const catalogueCourseView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  category: courseCategoryRef.nullable(),
  language: z.string().nullable(),
  /** The learner's enrolment in the course, when there is one. */
  enrolmentId: z.uuid().nullable(),
  /** Whether the course has a cover image (GET /api/learn/courses/{id}/cover). */
  hasCover: z.boolean(),
});
export type CatalogueCourseView = z.infer<typeof catalogueCourseView>;

/** A category with open courses, and how many (whatever the search): the catalogue's filter. */
export const catalogueCategoryView = z.object({ id: z.uuid(), name: z.string(), courseCount: z.number().int() });

export const catalogueView = z.object({ courses: z.array(catalogueCourseView), categories: z.array(catalogueCategoryView) });
export type CatalogueView = z.infer<typeof catalogueView>;

export const selfEnrolResult = z.object({ enrolmentId: z.uuid(), created: z.boolean() });
export type SelfEnrolResult = z.infer<typeof selfEnrolResult>;
