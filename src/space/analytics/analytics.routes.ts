import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import { pickLanguage } from '../../platform/http/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { shareAnalyticsView, type ShareAnalyticsView } from './analytics.contract.js';
import { analyticsCsv, shareAnalytics, type ShareAnalytics } from './analytics.service.js';

const TAGS = ['space: sharing'];
const idParams = z.object({ id: z.uuid() });

function analyticsViewOf(report: ShareAnalytics): ShareAnalyticsView {
  const { viewerReports, ...totals } = report;
  return { ...totals, byViewer: viewerReports.map((viewer) => ({ ...viewer, lastVisit: viewer.lastVisit.toISOString() })) };
}

/** A share link's view analytics, for members who may edit what it shares. */
export function analyticsRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const members = spaceMembers(db);
  return async (app) => {
    app.get(
      '/api/space/shares/:id/analytics',
      { onRequest: members.read, schema: { tags: TAGS, summary: "A share link's views: opens, viewers, time spent, how much of a video or audio each played, per day", params: idParams, response: { 200: shareAnalyticsView } } },
      async (request) => analyticsViewOf(await runUseCase(db, requestContextOf(request), (useCase) => shareAnalytics(useCase, request.params.id))),
    );

    app.get('/api/space/shares/:id/analytics.csv', { onRequest: members.read, schema: { tags: TAGS, summary: "A share link's viewers as CSV (German or English by the browser's language)", params: idParams } }, async (request, reply) => {
      const report = await runUseCase(db, requestContextOf(request), (useCase) => shareAnalytics(useCase, request.params.id));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="share-link-viewers.csv"')
        .send(analyticsCsv(report, pickLanguage(request.headers['accept-language'])));
    });
  };
}
