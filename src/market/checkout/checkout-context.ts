import type { FastifyRequest } from 'fastify';
import { signedInUserIfAny } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import type { CheckoutContext } from './place-order.js';

/** What a checkout request is placed with: the site, its own address (never the request's Host), the signed-in buyer if any, the client. */
export async function checkoutContextOf(deps: MarketRouteDeps, request: FastifyRequest): Promise<CheckoutContext> {
  const tenant = tenantOf(request);
  const user = await signedInUserIfAny(deps.db, request);
  return {
    db: deps.db,
    config: deps.config,
    tenant,
    siteUrl: request.server.siteUrlOf(tenant),
    stripe: deps.stripe,
    signedIn: user ? { id: user.id, email: user.email } : undefined,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}
