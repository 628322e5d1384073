import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import { publicRoute } from '../access/route-access.js';
import type { Db } from '../db/client.js';
import { monitoringAccess } from './monitoring-access.js';
import { readMonitorMetricsFrom } from './monitor.metrics.js';
import { monitorStatus } from './monitor-status.js';
import { renderStatusPage, STATUS_PAGE_STYLE } from './status-page.js';
import { pickLanguage } from '../http/language.js';
import type { FastifyRequest } from 'fastify';
import { isOperatorHost } from '../access/staff/console/console.routes.js';
import { consoleSessionOf } from '../access/staff/console/console-auth.js';

/**
 * GET /api/operator/monitor: the monitor's components, alerts, silences and latest history as
 * JSON, for the platform operators' console. Admitted like /metrics: the monitoring addresses
 * (LECTERN_METRICS_ALLOW) or the scrape token (LECTERN_METRICS_TOKEN); anyone else gets the 404
 * of an address that does not exist. (Operator accounts with sign-in come with platform staff
 * access; until then this is a monitoring endpoint, not a page of a site.)
 */
export function monitorRoutes(deps: { config: Pick<Config, 'metricsAllow' | 'metricsToken' | 'operatorHost'>; db: Db }): FastifyPluginAsyncZod {
  const admit = monitoringAccess(deps.config);
  /** Staff signed in to the operator console (second factor given) read the status page on its host. */
  const staffSignedIn = async (request: FastifyRequest) => isOperatorHost(request, deps.config.operatorHost) && (await consoleSessionOf(deps.db, request))?.mfaVerified === true;
  readMonitorMetricsFrom(deps.db);
  return async (app) => {
    app.get(
      '/api/operator/monitor',
      {
        onRequest: publicRoute('platform monitoring reads it; the route itself admits only the configured monitoring addresses or token'),
        config: { tenant: false },
        schema: { tags: ['operations'], summary: "The built-in monitor's components, alerts, silences and history (monitoring addresses or token only)" },
      },
      async (request) => {
        admit(request);
        return monitorStatus(deps.db);
      },
    );

    // The same as a page for a browser (German or English by Accept-Language), e.g. through an
    // SSH tunnel to a node: `ssh -L 3000:127.0.0.1:3000 node` and http://127.0.0.1:3000/operator/status.
    app.get(
      '/operator/status',
      {
        onRequest: publicRoute('the operators\' status page; the route itself admits only the configured monitoring addresses or token, or staff signed in to the operator console'),
        config: { tenant: false },
        schema: { tags: ['operations'], summary: 'The status page of the platform operators (monitoring addresses or token only)', hide: true },
      },
      async (request, reply) => {
        if (!(await staffSignedIn(request))) admit(request);
        const page = renderStatusPage(await monitorStatus(deps.db), pickLanguage(request.headers['accept-language']));
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
      },
    );

    app.get(
      '/operator/status.css',
      {
        onRequest: publicRoute('the styles of the operators\' status page; nothing in them is private'),
        config: { tenant: false },
        schema: { hide: true },
      },
      async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STATUS_PAGE_STYLE),
    );
  };
}
