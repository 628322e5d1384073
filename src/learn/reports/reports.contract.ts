import { z } from 'zod';
import { describedPattern } from '../../platform/http/localised-checks.contract.js';

/** The progress statuses of an enrolment (as in learn/enrolments), in the order charts show them. */
export const REPORT_STATUSES = ['not_started', 'in_progress', 'completed', 'passed', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses that count as done: no reminder, never overdue. */
export const DONE_STATUSES: readonly ReportStatus[] = ['completed', 'passed'];

const status = z.enum(REPORT_STATUSES);
/** `?status=passed` or `?status=passed&status=completed`. */
const statusFilter = z.union([status, z.array(status).max(REPORT_STATUSES.length)]).optional();
const isoDate = z.iso.date();
const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const order = z.enum(['asc', 'desc']).default('asc');
const exportOptions = {
  format: z.enum(['csv', 'xlsx']),
  /** The language of the header row and status words; the request's Accept-Language when omitted. */
  lang: z.enum(['de', 'en']).optional(),
};

export const COURSE_REPORT_SORTS = ['name', 'email', 'status', 'score', 'timeSpent', 'attempts', 'enrolledAt', 'dueAt', 'lastAccessAt', 'completedAt'] as const;
export const LEARNER_REPORT_SORTS = ['course', 'status', 'score', 'timeSpent', 'attempts', 'enrolledAt', 'dueAt', 'lastAccessAt', 'completedAt'] as const;
export const OVERDUE_REPORT_SORTS = ['dueAt', 'name', 'course'] as const;

const courseFilters = {
  status: statusFilter,
  /** Members of this group or any group inside it. */
  groupId: z.uuid().optional(),
  /** Due on or after this day (UTC). */
  dueFrom: isoDate.optional(),
  /** Due on or before this day (UTC). */
  dueTo: isoDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Part of the learner's name or e-mail address. */
  q: z.string().trim().max(200).optional(),
  sort: z.enum(COURSE_REPORT_SORTS).default('name'),
  order,
};
export const courseReportQuery = z.object({ ...courseFilters, ...paging });
export const courseExportQuery = z.object({ ...courseFilters, ...exportOptions });

const learnerFilters = {
  status: statusFilter,
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Part of the course title. */
  q: z.string().trim().max(200).optional(),
  sort: z.enum(LEARNER_REPORT_SORTS).default('course'),
  order,
};
export const learnerReportQuery = z.object({ ...learnerFilters, ...paging });
export const learnerExportQuery = z.object({ ...learnerFilters, ...exportOptions });

const overdueFilters = {
  courseId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  /** Part of the learner's name or e-mail address, or of the course title. */
  q: z.string().trim().max(200).optional(),
  sort: z.enum(OVERDUE_REPORT_SORTS).default('dueAt'),
  order,
};
export const overdueReportQuery = z.object({ ...overdueFilters, ...paging });
export const overdueExportQuery = z.object({ ...overdueFilters, ...exportOptions });

export type CourseReportQuery = z.infer<typeof courseReportQuery>;
export type LearnerReportQuery = z.infer<typeof learnerReportQuery>;
export type OverdueReportQuery = z.infer<typeof overdueReportQuery>;

/** One enrolment in a report: who, which course, and the progress summary. Times are ISO 8601. */
export const reportRow = z.object({
  enrolmentId: z.uuid(),
  userId: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  userStatus: z.enum(['active', 'deactivated']),
  courseId: z.uuid(),
  courseTitle: z.string(),
  status,
  scorePercent: z.number().nullable(),
  timeSpentSeconds: z.number().int(),
  attemptCount: z.number().int(),
  enrolledAt: z.string(),
  dueAt: z.string().nullable(),
  firstAccessAt: z.string().nullable(),
  lastAccessAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type ReportRow = z.infer<typeof reportRow>;

/** Enrolments per status (and how many of them are overdue): what the completion chart draws. */
export const statusSummary = z.object({
  total: z.number().int(),
  not_started: z.number().int(),
  in_progress: z.number().int(),
  completed: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  overdue: z.number().int(),
});
export type StatusSummary = z.infer<typeof statusSummary>;

export const courseReportView = z.object({
  course: z.object({ id: z.uuid(), title: z.string(), status: z.enum(['draft', 'published', 'archived']) }),
  rows: z.array(reportRow),
  /** Rows matching the filters (for paging). */
  total: z.number().int(),
  /** Per status, with every filter but the status filter applied. */
  summary: statusSummary,
});
export type CourseReportView = z.infer<typeof courseReportView>;

export const learnerReportView = z.object({
  learner: z.object({
    id: z.uuid(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    status: z.enum(['active', 'deactivated']),
  }),
  rows: z.array(reportRow),
  total: z.number().int(),
  summary: statusSummary,
});
export type LearnerReportView = z.infer<typeof learnerReportView>;

export const overdueReportView = z.object({ rows: z.array(reportRow), total: z.number().int() });
export type OverdueReportView = z.infer<typeof overdueReportView>;

/** One attempt of an enrolment, oldest first: what a reset keeps. Times are ISO 8601. */
const attemptRow = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status,
  scorePercent: z.number().nullable(),
  timeSpentSeconds: z.number().int(),
  startedAt: z.string(),
  lastAccessAt: z.string(),
  completedAt: z.string().nullable(),
  /** When the attempt was reset or superseded; null for the attempt in use. */
  closedAt: z.string().nullable(),
  /** The content the attempt ran on: the item's title and its version number. */
  contentTitle: z.string(),
  contentVersion: z.number().int(),
  /** What the content is: an xAPI or cmi5 course reports statements, which its attempt's timeline shows. */
  contentKind: z.enum(['scorm', 'xapi', 'cmi5', 'video', 'pdf']),
});
export type AttemptRow = z.infer<typeof attemptRow>;

/** The attempt history of one enrolment (GET /api/learn/reports/enrolments/{id}/attempts). */
export const attemptHistoryView = z.object({
  enrolmentId: z.uuid(),
  learner: learnerReportView.shape.learner,
  course: courseReportView.shape.course,
  attempts: z.array(attemptRow),
});
export type AttemptHistoryView = z.infer<typeof attemptHistoryView>;

/** Statements per page of an attempt's timeline, unless the request asks for another number. */
export const TIMELINE_PAGE_SIZE = 100;

/** Where the next page of a timeline starts: `<stored, in epoch milliseconds>-<sequence number>` of the last statement shown. */
const timelineCursor = z.string().regex(
  ...describedPattern(/^\d{1,15}-\d{1,15}$/, {
    en: 'must be the “next” value of the page before',
    de: 'muss der „next“-Wert der vorigen Seite sein',
  }),
);

export const attemptStatementsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(TIMELINE_PAGE_SIZE),
  after: timelineCursor.optional(),
});
export type AttemptStatementsQuery = z.infer<typeof attemptStatementsQuery>;

/** An xAPI language map (`{ "de-DE": "bestanden", "en-US": "passed" }`). */
const languageMap = z.record(z.string(), z.string());
const timelineVerb = z.object({ id: z.string(), display: languageMap.nullable() });

/** What a statement is about, reduced to what a reader is told of it. */
const timelineTarget = z.object({
  objectType: z.enum(['Activity', 'Agent', 'Group', 'StatementRef', 'SubStatement']),
  /** An activity's IRI; a StatementRef's statement id; an Agent's or Group's identifier (e-mail address, account name, OpenID or mailbox hash); null for an anonymous group or a SubStatement. */
  id: z.string().nullable(),
  /** An activity's `definition.name`. */
  name: languageMap.nullable(),
  /** An Agent's or Group's name. */
  agentName: z.string().nullable(),
  /** The number of members a Group lists. */
  members: z.number().int().nullable(),
});
export type TimelineTarget = z.infer<typeof timelineTarget>;

const timelineObject = timelineTarget.extend({
  /** A SubStatement's verb and object. */
  sub: z.object({ verb: timelineVerb, object: timelineTarget }).nullable(),
});

const timelineResult = z.object({
  scaled: z.number().nullable(),
  raw: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  success: z.boolean().nullable(),
  completion: z.boolean().nullable(),
  /** ISO 8601 duration as the course sent it (`PT12M30S`). */
  duration: z.string().nullable(),
});

/** One statement of a timeline. Times are ISO 8601. */
const timelineStatement = z.object({
  id: z.uuid(),
  /** When it happened, as the course says. */
  timestamp: z.string(),
  /** When the LRS stored it. */
  stored: z.string(),
  verb: timelineVerb,
  object: timelineObject,
  result: timelineResult.nullable(),
});
export type TimelineStatement = z.infer<typeof timelineStatement>;

/** The statements of one attempt (GET /api/learn/reports/attempts/{attemptId}/statements), oldest first. */
export const attemptStatementsView = z.object({
  attempt: z.object({ id: z.uuid(), number: z.number().int(), enrolmentId: z.uuid(), contentTitle: z.string(), contentKind: attemptRow.shape.contentKind }),
  learner: learnerReportView.shape.learner,
  course: courseReportView.shape.course,
  statements: z.array(timelineStatement),
  /** The `after` of the next page, or null when this page is the last. */
  next: z.string().nullable(),
});
export type AttemptStatementsView = z.infer<typeof attemptStatementsView>;

/** Every course of the site with its enrolments per status: the course picker and the overview chart. */
export const courseOverviewView = z.object({
  courses: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      status: z.enum(['draft', 'published', 'archived']),
      summary: statusSummary,
    }),
  ),
});
export type CourseOverviewView = z.infer<typeof courseOverviewView>;

/** Weeks the completion chart of the dashboard covers (this week and the ones before). */
export const OVERVIEW_WEEKS = 12;
/** Days a learner counts as active after their last access to a course. */
export const ACTIVE_DAYS = 30;
/** Courses in each of the dashboard's best and worst lists. */
export const OVERVIEW_COURSES = 5;

const courseCompletion = z.object({
  id: z.uuid(),
  title: z.string(),
  enrolled: z.number().int(),
  done: z.number().int(),
  /** Share of the enrolments completed or passed, 0-100, rounded. */
  completionPercent: z.number().int(),
});
export type CourseCompletion = z.infer<typeof courseCompletion>;

/** The dashboard at a glance: the whole site for administrators, the led groups' members for a manager. */
export const overviewView = z.object({
  scope: z.enum(['site', 'team']),
  learners: z.object({
    /** Users with at least one enrolment (active accounts). */
    enrolled: z.number().int(),
    /** Of them, those who opened a course within the last ACTIVE_DAYS days. */
    active: z.number().int(),
  }),
  publishedCourses: z.number().int(),
  enrolments: statusSummary,
  completionsLast30Days: z.number().int(),
  /** Oldest first, OVERVIEW_WEEKS weeks ending with the current one; weeks start on Monday (UTC). */
  completionsByWeek: z.array(z.object({ weekStart: z.iso.date(), completions: z.number().int() })),
  /** Published courses with enrolments: the highest completion rates, and the lowest (not repeating the top ones). */
  topCourses: z.array(courseCompletion),
  bottomCourses: z.array(courseCompletion),
});
export type OverviewView = z.infer<typeof overviewView>;
