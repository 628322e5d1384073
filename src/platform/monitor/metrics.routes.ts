import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../http/errors.js';
import { trustedProxyMatcher } from '../http/trusted-proxies.js';
import { collectProcessMetrics, metricsRegistry } from './metrics.js';
import { publicRoute } from '../access/route-access.js';

/**
 * GET /metrics in Prometheus text format, on any host, for the addresses in `allow` only
 * (LECTERN_METRICS_ALLOW: addresses, CIDR ranges or `loopback`). Everyone else gets the same
 * 404 as for an address that does not exist. The address checked is `request.ip`, which
 * follows X-Forwarded-For only from trusted proxies: a request relayed by the local reverse
 * proxy counts as its real client, not as loopback.
 */
export function metricsRoutes(allow: string[]): FastifyPluginAsyncZod {
  const allowed = trustedProxyMatcher(allow);
  collectProcessMetrics();
  return async (app) => {
    app.get(
      '/metrics',
      {
        onRequest: publicRoute('monitoring scrapes it; the route itself admits only the configured monitoring addresses'),
        config: { tenant: false },
        schema: { tags: ['operations'], summary: 'Metrics in Prometheus text format (monitoring addresses only)' },
      },
      async (request, reply) => {
        if (!allowed(request.ip)) throw new AppError('HTTP_NOT_FOUND');
        return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
      },
    );
  };
}
