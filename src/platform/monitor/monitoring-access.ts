import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../http/errors.js';
import { trustedProxyMatcher } from '../http/trusted-proxies.js';
import { metricsTokenMatcher } from './metrics-token.js';

/**
 * Who may read the monitoring routes (/metrics, the monitor's status as JSON and as a page): the
 * addresses of LECTERN_METRICS_ALLOW, and requests with `Authorization: Bearer
 * <LECTERN_METRICS_TOKEN>` when a token is configured. Everyone else gets the same 404 as for an
 * address that does not exist, a wrong token too. The address is `request.ip`, which follows
 * X-Forwarded-For only from trusted proxies: a request relayed by the local reverse proxy counts as
 * its real client, not as loopback.
 */
export function monitoringAccess(config: Pick<Config, 'metricsAllow' | 'metricsToken'>): (request: FastifyRequest) => void {
  const allowed = trustedProxyMatcher(config.metricsAllow);
  const tokenMatches = metricsTokenMatcher(config.metricsToken);
  return (request) => {
    if (!allowed(request.ip) && !tokenMatches(request.headers.authorization)) throw new AppError('HTTP_NOT_FOUND');
  };
}
