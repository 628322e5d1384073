import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Db, Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { User } from '../../platform/identity/index.js';
import { listStatementsOfRegistration } from '../../lrs/index.js';
import { REPORT_COLUMNS, type ReportColumn, type ReportKind } from './report-columns.js';
import type {
  AttemptHistoryView,
  AttemptStatementsQuery,
  AttemptStatementsView,
  CourseOverviewView,
  CourseReportQuery,
  CourseReportView,
  LearnerReportQuery,
  LearnerReportView,
  OverdueReportQuery,
  OverdueReportView,
  ReportRow,
  ReportStatus,
} from './reports.contract.js';
import {
  countReportRows,
  findReportAttempt,
  findReportCourse,
  findReportEnrolment,
  findReportLearner,
  selectAttemptHistory,
  selectCourseOverview,
  selectReportRows,
  summarizeReport,
  type ReportCourse,
  type ReportFilter,
  type ReportLearner,
  type ReportOrder,
} from './reports.repository.js';
import { positionOfCursor, timelineCursor, timelineStatementOf } from './statement-timeline.js';
import { assertGroupInTeam, assertUserInTeam, reportScopeOf, resolveTeam, type Team } from './report-scope.js';

/** An export has at most this many rows; more must be narrowed by filters (LEARN_REPORT_TOO_LARGE). */
export const EXPORT_MAX_ROWS = 200_000;
/** Rows read per query while an export streams: memory stays flat, and no transaction stays open while the client reads. */
const EXPORT_BATCH_ROWS = 5_000;

type Filters = {
  status?: ReportStatus | ReportStatus[] | undefined;
  groupId?: string | undefined;
  courseId?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  q?: string | undefined;
};

function statusesOf(status: Filters['status']): ReportStatus[] | undefined {
  if (status === undefined) return undefined;
  return Array.isArray(status) ? status : [status];
}

function checkDueRange(query: Filters): void {
  if (query.dueFrom && query.dueTo && query.dueFrom > query.dueTo) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'query.dueTo', message: { en: 'Due until: must not be before “Due from”', de: 'Fällig bis: darf nicht vor „Fällig ab“ liegen' } }]);
  }
}

function courseFilter(team: Team | undefined, courseId: string, query: Filters, now: Date): ReportFilter {
  checkDueRange(query);
  return {
    team,
    courseId,
    statuses: statusesOf(query.status),
    groupId: query.groupId,
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    learnerSearch: query.q || undefined,
    now,
  };
}

function learnerFilter(team: Team | undefined, userId: string, query: Filters, now: Date): ReportFilter {
  checkDueRange(query);
  return {
    team,
    userId,
    statuses: statusesOf(query.status),
    dueFrom: query.dueFrom,
    dueTo: query.dueTo,
    overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    courseSearch: query.q || undefined,
    now,
  };
}

function overdueFilter(team: Team | undefined, query: Filters, now: Date): ReportFilter {
  return { team, courseId: query.courseId, groupId: query.groupId, overdue: true, anySearch: query.q || undefined, now };
}

export async function courseReport(
  db: Db,
  tenantId: string,
  actor: User,
  courseId: string,
  query: CourseReportQuery,
  now = new Date(),
): Promise<CourseReportView> {
  const scope = reportScopeOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    assertGroupInTeam(team, query.groupId);
    const filter = courseFilter(team, courseId, query, now);
    const course = await findReportCourse(tx, courseId);
    if (!course) throw new AppError('LEARN_COURSE_NOT_FOUND');
    const rows = await selectReportRows(tx, filter, query, query);
    const total = await countReportRows(tx, filter);
    const summary = await summarizeReport(tx, filter);
    return { course, rows, total, summary };
  });
}

export async function learnerReport(
  db: Db,
  tenantId: string,
  actor: User,
  userId: string,
  query: LearnerReportQuery,
  now = new Date(),
): Promise<LearnerReportView> {
  const scope = reportScopeOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    await assertUserInTeam(tx, team, userId);
    const filter = learnerFilter(team, userId, query, now);
    const learner = await findReportLearner(tx, userId);
    if (!learner) throw new AppError('USER_NOT_FOUND');
    const rows = await selectReportRows(tx, filter, query, query);
    const total = await countReportRows(tx, filter);
    const summary = await summarizeReport(tx, filter);
    return { learner, rows, total, summary };
  });
}

/**
 * The learner and course of an enrolment or attempt the reader may see; one that does not exist, or
 * whose learner is outside a manager's team, is not found (`notFound`).
 */
async function learnerAndCourseInSight<S extends { userId: string; courseId: string }>(
  tx: Orm,
  team: Team | undefined,
  subject: S | undefined,
  notFound: 'LEARN_ENROLMENT_NOT_FOUND' | 'LEARN_ATTEMPT_NOT_FOUND',
): Promise<{ subject: S; learner: ReportLearner; course: ReportCourse }> {
  if (!subject) throw new AppError(notFound);
  await assertUserInTeam(tx, team, subject.userId, notFound);
  const learner = await findReportLearner(tx, subject.userId);
  const course = await findReportCourse(tx, subject.courseId);
  if (!learner || !course) throw new AppError(notFound);
  return { subject, learner, course };
}

/** An enrolment's attempts, the closed ones included: the history a reset keeps. Outside a manager's team it is not found. */
export async function attemptHistory(db: Db, tenantId: string, actor: User, enrolmentId: string): Promise<AttemptHistoryView> {
  const scope = reportScopeOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    const { learner, course } = await learnerAndCourseInSight(tx, team, await findReportEnrolment(tx, enrolmentId), 'LEARN_ENROLMENT_NOT_FOUND');
    return { enrolmentId, learner, course, attempts: await selectAttemptHistory(tx, enrolmentId) };
  });
}

/**
 * The xAPI statements of one attempt (its registration), oldest first and a page at a time: who may
 * see the learner's attempts sees them. Outside a manager's team, or on another site, the attempt is
 * not found.
 */
export async function attemptStatements(db: Db, tenantId: string, actor: User, attemptId: string, query: AttemptStatementsQuery): Promise<AttemptStatementsView> {
  const scope = reportScopeOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    const { subject: attempt, learner, course } = await learnerAndCourseInSight(tx, team, await findReportAttempt(tx, attemptId), 'LEARN_ATTEMPT_NOT_FOUND');
    const page = await listStatementsOfRegistration(tx, attempt.id, { after: query.after === undefined ? undefined : positionOfCursor(query.after), limit: query.limit });
    return {
      attempt: { id: attempt.id, number: attempt.number, enrolmentId: attempt.enrolmentId, contentTitle: attempt.contentTitle, contentKind: attempt.contentKind },
      learner,
      course,
      statements: page.statements.map(timelineStatementOf),
      next: page.next ? timelineCursor(page.next) : null,
    };
  });
}

export async function overdueReport(db: Db, tenantId: string, actor: User, query: OverdueReportQuery, now = new Date()): Promise<OverdueReportView> {
  const scope = reportScopeOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    assertGroupInTeam(team, query.groupId);
    const filter = overdueFilter(team, query, now);
    const rows = await selectReportRows(tx, filter, query, query);
    const total = await countReportRows(tx, filter);
    return { rows, total };
  });
}

export async function courseOverview(db: Db, tenantId: string, actor: User, now = new Date()): Promise<CourseOverviewView> {
  const scope = reportScopeOf(actor);
  return { courses: await db.withTenant(tenantId, async (tx) => selectCourseOverview(tx, now, await resolveTeam(tx, scope))) };
}

/** What a download needs: its rows in batches, columns, a file name, and how many rows there are. */
export interface PreparedExport {
  kind: ReportKind;
  columns: ReportColumn[];
  /** Without extension, ASCII. */
  baseName: string;
  /** For the XLSX sheet tab. */
  title: string;
  rowCount: number;
  batches(): AsyncIterable<ReportRow[]>;
}

export type ExportRequest =
  | { kind: 'course'; courseId: string; query: Filters & ReportOrder }
  | { kind: 'learner'; userId: string; query: Filters & ReportOrder }
  | { kind: 'overdue'; query: Filters & ReportOrder };

export interface ExportAudit {
  ip: string;
  userAgent: string | null;
  format: 'csv' | 'xlsx';
}

function fileSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'report';
}

/**
 * Checks access and size of an export and records it in the audit log (it carries personal
 * data out of the system); the rows are then read in batches while the file streams out.
 */
export async function prepareExport(
  db: Db,
  tenantId: string,
  actor: User,
  request: ExportRequest,
  audit: ExportAudit,
  options: { now?: Date; maxRows?: number } = {},
): Promise<PreparedExport> {
  const scope = reportScopeOf(actor);
  const now = options.now ?? new Date();
  const maxRows = options.maxRows ?? EXPORT_MAX_ROWS;
  const day = now.toISOString().slice(0, 10);
  const filterFor = (team: Team | undefined): ReportFilter =>
    request.kind === 'course'
      ? courseFilter(team, request.courseId, request.query, now)
      : request.kind === 'learner'
        ? learnerFilter(team, request.userId, request.query, now)
        : overdueFilter(team, request.query, now);
  const order: ReportOrder = { sort: request.query.sort, order: request.query.order };

  const { title, rowCount, filter } = await db.withTenant(tenantId, async (tx) => {
    const team = await resolveTeam(tx, scope);
    assertGroupInTeam(team, request.kind === 'learner' ? undefined : request.query.groupId);
    if (request.kind === 'learner') await assertUserInTeam(tx, team, request.userId);
    const filter = filterFor(team);
    let subject: { title: string; targetId: string | null };
    if (request.kind === 'course') {
      const course = await findReportCourse(tx, request.courseId);
      if (!course) throw new AppError('LEARN_COURSE_NOT_FOUND');
      subject = { title: course.title, targetId: course.id };
    } else if (request.kind === 'learner') {
      const learner = await findReportLearner(tx, request.userId);
      if (!learner) throw new AppError('USER_NOT_FOUND');
      subject = { title: `${learner.lastName} ${learner.firstName}`, targetId: learner.id };
    } else {
      subject = { title: 'overdue', targetId: null };
    }
    const count = await countReportRows(tx, filter);
    if (count > maxRows) {
      throw new AppError('LEARN_REPORT_TOO_LARGE', [
        {
          field: 'format',
          message: {
            en: `The export would have ${count} rows; at most ${maxRows} fit in one. Narrow the filter.`,
            de: `Der Export hätte ${count} Zeilen; höchstens ${maxRows} passen in einen. Schränken Sie den Filter ein.`,
          },
        },
      ]);
    }
    await insertAuditEvent(tx, {
      action: 'report.exported',
      actorUserId: actor.id,
      actorIp: audit.ip,
      userAgent: audit.userAgent,
      targetType: request.kind === 'course' ? 'course' : request.kind === 'learner' ? 'user' : null,
      targetId: subject.targetId,
      details: { report: request.kind, format: audit.format, rows: count },
    });
    return { title: subject.title, rowCount: count, filter };
  });

  const baseName = request.kind === 'overdue' ? `overdue-${day}` : `report-${fileSlug(title)}-${day}`;
  return {
    kind: request.kind,
    columns: REPORT_COLUMNS[request.kind],
    baseName,
    title: request.kind === 'overdue' ? 'Overdue' : title,
    rowCount,
    async *batches() {
      for (let offset = 0; offset < rowCount; offset += EXPORT_BATCH_ROWS) {
        const batch = await db.withTenant(tenantId, (tx) => selectReportRows(tx, filter, order, { limit: EXPORT_BATCH_ROWS, offset }));
        if (batch.length === 0) return;
        yield batch;
        if (batch.length < EXPORT_BATCH_ROWS) return;
      }
    },
  };
}
