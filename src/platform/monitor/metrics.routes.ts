import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { appMetricsRegistry } from './app-metrics.js';
import { monitoringAccess } from './monitoring-access.js';
import { collectProcessMetrics, metricsRegistry } from './metrics.js';
import { publicRoute } from '../access/route-access.js';

/** GET /metrics in Prometheus text format, on any host, for the monitoring addresses or token only (monitoring-access.ts). */
export function metricsRoutes(deps: { config: Config; db: Db }): FastifyPluginAsyncZod {
  const { config, db } = deps;
  const admit = monitoringAccess(config);
  collectProcessMetrics();
  const appRegistry = appMetricsRegistry({ db, config });
  return async (app) => {
    app.get(
      '/metrics',
      {
        onRequest: publicRoute('monitoring scrapes it; the route itself admits only the configured monitoring addresses or token'),
        config: { tenant: false },
        schema: { tags: ['operations'], summary: 'Metrics in Prometheus text format (monitoring addresses or token only)' },
      },
      async (request, reply) => {
        admit(request);
        const [processWide, ofThisApp] = await Promise.all([metricsRegistry.metrics(), appRegistry.metrics()]);
        return reply.type(metricsRegistry.contentType).send(`${processWide}\n${ofThisApp}`);
      },
    );
  };
}
