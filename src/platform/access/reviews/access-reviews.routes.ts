import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { requestLanguage } from '../../http/request-context.js';
import { allow } from '../policy-guard.js';
import { requestContextOf, runUseCase } from '../request-context.js';
import {
  decideItemInput,
  decisionView,
  privilegeExportQuery,
  privilegeReportQuery,
  privilegeReportView,
  reviewItemParams,
  reviewListView,
  reviewParams,
  reviewView,
  startReviewInput,
} from './access-reviews.contract.js';
import { accessReviewsPolicy } from './access-reviews.policy.js';
import { decideItem, listReviews, privilegeReport, showReview, startReview } from './access-reviews.service.js';
import { exportPrivilegeReport } from './export-privilege-report.js';
import type { PrivilegeSource } from './privilege-source.js';

/** The privilege report and the access reviews (administrators); `sources`: the privileges the areas contribute. */
export function accessReviewsRoutes(db: Db, sources: readonly PrivilegeSource[]): FastifyPluginAsyncZod {
  return async (app) => {
    const admins = allow(db, accessReviewsPolicy, 'manage');
    const tags = ['access reviews'];

    app.get(
      '/api/admin/access/privileges',
      {
        onRequest: admins,
        schema: {
          tags,
          summary: 'Who holds which privileges (staff grants, admin and manager roles, API tokens, LRS keys), when each was last used, and which are unused for N days',
          querystring: privilegeReportQuery,
          response: { 200: privilegeReportView },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => privilegeReport(useCase, sources, request.query)),
    );

    app.get(
      '/api/admin/access/privileges/export',
      {
        onRequest: admins,
        schema: { tags, summary: 'The privilege report as CSV (UTF-8 with BOM; German: semicolons); audited', querystring: privilegeExportQuery },
      },
      async (request, reply) => {
        const { lang, ...query } = request.query;
        const language = lang ?? requestLanguage(request);
        const csv = await runUseCase(db, requestContextOf(request), (useCase) => exportPrivilegeReport(useCase, sources, query, language));
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${language === 'de' ? 'berechtigungen.csv' : 'privileges.csv'}"`)
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );

    app.get(
      '/api/admin/access/reviews',
      { onRequest: admins, schema: { tags, summary: 'The access reviews of this site with their progress, newest first', response: { 200: reviewListView } } },
      async (request) => runUseCase(db, requestContextOf(request), listReviews),
    );

    app.post(
      '/api/admin/access/reviews',
      {
        onRequest: admins,
        schema: { tags, summary: 'Start an access review: every privilege in force becomes an entry to confirm or revoke (one open review at a time)', body: startReviewInput, response: { 201: reviewView } },
      },
      async (request, reply) => reply.status(201).send(await runUseCase(db, requestContextOf(request), (useCase) => startReview(useCase, sources, request.body))),
    );

    app.get(
      '/api/admin/access/reviews/:id',
      { onRequest: admins, schema: { tags, summary: 'One access review with all its entries', params: reviewParams, response: { 200: reviewView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => showReview(useCase, request.params.id)),
    );

    app.post(
      '/api/admin/access/reviews/:id/items/:itemId/decision',
      {
        onRequest: admins,
        schema: {
          tags,
          summary: 'Confirm or revoke one entry (revoking ends the privilege at once; a decision is final); the last decision completes the review',
          params: reviewItemParams,
          body: decideItemInput,
          response: { 200: decisionView },
        },
      },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => decideItem(useCase, sources, request.params.id, request.params.itemId, request.body)),
    );
  };
}
