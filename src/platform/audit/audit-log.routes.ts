import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow } from '../access/policy-guard.js';
import type { Db } from '../db/client.js';
import { requestLanguage } from '../http/request-context.js';
import { flowContext } from '../identity/flow-context.js';
import { userOf } from '../identity/session-guard.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { auditLogFilter, auditLogPage, auditLogQuery, securityTimelineQuery, securityTimelineView } from './audit-log.contract.js';
import { auditLogPolicy } from './audit-log.policy.js';
import { listAuditLog, prepareAuditExport, securityTimeline } from './audit-log.service.js';

/** The site's audit log for its administrators: search, CSV export, the security timeline. */
export function auditLogRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/audit-events',
      {
        onRequest: allow(db, auditLogPolicy, 'read'),
        schema: {
          tags: ['audit'],
          summary: "The site's audit log, newest first, filtered (action or prefix ending in a dot, actor, target, time, text in the details) and paged by `before`",
          querystring: auditLogQuery,
          response: { 200: auditLogPage },
        },
      },
      async (request) => {
        const { before, limit, ...filter } = request.query;
        return listAuditLog(db, tenantOf(request).id, filter, { before, limit });
      },
    );

    app.get(
      '/api/admin/audit-events.csv',
      {
        onRequest: allow(db, auditLogPolicy, 'export'),
        schema: {
          tags: ['audit'],
          summary: 'The entries the audit log filters select, as CSV (UTF-8 with BOM; German: semicolons); the export is audited',
          querystring: auditLogFilter.extend({ lang: z.enum(['de', 'en']).optional() }),
        },
      },
      async (request, reply) => {
        const { lang, ...filter } = request.query;
        const language = lang ?? requestLanguage(request);
        const chunks = await prepareAuditExport(db, flowContext(request), userOf(request), filter, language);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${language === 'de' ? 'protokoll.csv' : 'audit-log.csv'}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(chunks));
      },
    );

    app.get(
      '/api/admin/security-timeline',
      {
        onRequest: allow(db, auditLogPolicy, 'read'),
        schema: {
          tags: ['audit'],
          summary: 'Sign-in failures, blocks and refusals per day or hour (UTC), for a timeline; by default the last 30 days',
          querystring: securityTimelineQuery,
          response: { 200: securityTimelineView },
        },
      },
      async (request) => securityTimeline(db, tenantOf(request).id, request.query),
    );
  };
}
