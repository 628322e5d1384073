import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Language, requestLanguage } from '../../platform/http/index.js';
import { userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { csvChunks } from './csv-writer.js';
import { attemptHistoryView, attemptStatementsQuery, attemptStatementsView, courseExportQuery, courseOverviewView, courseReportQuery, courseReportView, learnerExportQuery, learnerReportQuery, learnerReportView, overdueExportQuery, overdueReportQuery, overdueReportView, overviewView } from './reports.contract.js';
import { dashboardOverview } from './overview.service.js';
import { attemptHistory, attemptStatements, courseOverview, courseReport, learnerReport, overdueReport, prepareExport, type ExportRequest } from './reports.service.js';
import { xlsxStream } from './xlsx-writer.js';
import { allow } from '../../platform/access/index.js';
import { reportsPolicy } from './reports.policy.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

const exportDescription =
  'A download (Content-Disposition: attachment). CSV: UTF-8 with BOM, header row in the language of `lang` or Accept-Language ' +
  '(German: semicolon-separated with decimal commas); cells that a spreadsheet would run as formulas start with an apostrophe.';

/** Reports per course, per learner and overdue; CSV and XLSX exports. Administrators and managers (or a reports:read token). */
export function reportsRoutes({ db }: LearnDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const readers = allow(db, reportsPolicy, 'read');
    const tags = ['reports'];

    async function sendExport(request: FastifyRequest, reply: FastifyReply, exportRequest: ExportRequest, format: 'csv' | 'xlsx', lang: Language | undefined) {
      const language = lang ?? requestLanguage(request);
      const prepared = await prepareExport(db, tenantOf(request).id, userOf(request), exportRequest, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        format,
      });
      const fileName = `${prepared.baseName}.${format}`;
      const onError = (error: unknown) => request.log.error({ err: error }, 'report export broke off');
      const body =
        format === 'csv'
          ? Readable.from(csvChunks(prepared.columns, prepared.batches(), language))
          : await xlsxStream(prepared.columns, prepared.batches(), language, prepared.title, onError);
      if (format === 'csv') body.on('error', onError);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .header('x-report-rows', String(prepared.rowCount))
        .send(body);
    }

    app.get(
      '/api/learn/reports/overview',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: 'The dashboard at a glance: learners, courses, enrolments per status, completions per week, best and worst courses (a manager: the groups they lead)',
          response: { 200: overviewView },
        },
      },
      async (request) => dashboardOverview(db, tenantOf(request).id, userOf(request)),
    );

    app.get(
      '/api/learn/reports/courses',
      {
        onRequest: readers,
        schema: { tags, summary: 'Every course with its enrolments per status (course picker and overview chart)', response: { 200: courseOverviewView } },
      },
      async (request) => courseOverview(db, tenantOf(request).id, userOf(request)),
    );

    app.get(
      '/api/learn/reports/courses/:courseId',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: "A course's learners with status, score, time, attempts and dates; filtered, sorted and paged, with counts per status",
          params: z.object({ courseId: z.uuid() }),
          querystring: courseReportQuery,
          response: { 200: courseReportView },
        },
      },
      async (request) => courseReport(db, tenantOf(request).id, userOf(request), request.params.courseId, request.query),
    );

    app.get(
      '/api/learn/reports/courses/:courseId/export',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: 'The course report as CSV or XLSX (all rows matching the filters)',
          description: exportDescription,
          params: z.object({ courseId: z.uuid() }),
          querystring: courseExportQuery,
        },
      },
      async (request, reply) => {
        const { format, lang, ...query } = request.query;
        return sendExport(request, reply, { kind: 'course', courseId: request.params.courseId, query }, format, lang);
      },
    );

    app.get(
      '/api/learn/reports/learners/:userId',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: "A learner's courses with status, score, time, attempts and dates; filtered, sorted and paged",
          params: z.object({ userId: z.uuid() }),
          querystring: learnerReportQuery,
          response: { 200: learnerReportView },
        },
      },
      async (request) => learnerReport(db, tenantOf(request).id, userOf(request), request.params.userId, request.query),
    );

    app.get(
      '/api/learn/reports/learners/:userId/export',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: 'The learner report as CSV or XLSX',
          description: exportDescription,
          params: z.object({ userId: z.uuid() }),
          querystring: learnerExportQuery,
        },
      },
      async (request, reply) => {
        const { format, lang, ...query } = request.query;
        return sendExport(request, reply, { kind: 'learner', userId: request.params.userId, query }, format, lang);
      },
    );

    app.get(
      '/api/learn/reports/enrolments/:enrolmentId/attempts',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: "An enrolment's attempts, oldest first, the reset and superseded ones included, with status, score, time and dates",
          params: z.object({ enrolmentId: z.uuid() }),
          response: { 200: attemptHistoryView },
        },
      },
      async (request) => attemptHistory(db, tenantOf(request).id, userOf(request), request.params.enrolmentId),
    );

    app.get(
      '/api/learn/reports/attempts/:attemptId/statements',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: "An attempt's xAPI statements (registration = the attempt), oldest first and paged; voided statements and the voiding ones left out",
          description: 'The next page: `after` = the `next` of this one (null on the last page).',
          params: z.object({ attemptId: z.uuid() }),
          querystring: attemptStatementsQuery,
          response: { 200: attemptStatementsView },
        },
      },
      async (request) => attemptStatements(db, tenantOf(request).id, userOf(request), request.params.attemptId, request.query),
    );

    app.get(
      '/api/learn/reports/overdue',
      {
        onRequest: readers,
        schema: {
          tags,
          summary: 'Enrolments past their due date and not completed or passed, across courses',
          querystring: overdueReportQuery,
          response: { 200: overdueReportView },
        },
      },
      async (request) => overdueReport(db, tenantOf(request).id, userOf(request), request.query),
    );

    app.get(
      '/api/learn/reports/overdue/export',
      {
        onRequest: readers,
        schema: { tags, summary: 'The overdue list as CSV or XLSX', description: exportDescription, querystring: overdueExportQuery },
      },
      async (request, reply) => {
        const { format, lang, ...query } = request.query;
        return sendExport(request, reply, { kind: 'overdue', query }, format, lang);
      },
    );
  };
}
