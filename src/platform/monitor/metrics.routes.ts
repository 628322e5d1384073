import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { trustedProxyMatcher } from '../http/trusted-proxies.js';
import { appMetricsRegistry } from './app-metrics.js';
import { metricsTokenMatcher } from './metrics-token.js';
import { collectProcessMetrics, metricsRegistry } from './metrics.js';
import { publicRoute } from '../access/route-access.js';

/**
 * GET /metrics in Prometheus text format, on any host, for the addresses in `metricsAllow`
 * (LECTERN_METRICS_ALLOW: addresses, CIDR ranges or `loopback`) and for requests with
 * `Authorization: Bearer <LECTERN_METRICS_TOKEN>` when a token is configured. Everyone else gets
 * the same 404 as for an address that does not exist, a wrong token too. The address checked is
 * `request.ip`, which follows X-Forwarded-For only from trusted proxies: a request relayed by the
 * local reverse proxy counts as its real client, not as loopback.
 */
export function metricsRoutes(deps: { config: Config; db: Db }): FastifyPluginAsyncZod {
  const { config, db } = deps;
  const allowed = trustedProxyMatcher(config.metricsAllow);
  const tokenMatches = metricsTokenMatcher(config.metricsToken);
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
        if (!allowed(request.ip) && !tokenMatches(request.headers.authorization)) throw new AppError('HTTP_NOT_FOUND');
        const [processWide, ofThisApp] = await Promise.all([metricsRegistry.metrics(), appRegistry.metrics()]);
        return reply.type(metricsRegistry.contentType).send(`${processWide}\n${ofThisApp}`);
      },
    );
  };
}
