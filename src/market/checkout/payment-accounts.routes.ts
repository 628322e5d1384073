import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { marketStorePolicy } from '../market.policy.js';
import { paymentAccountsView, stripeAccountInput } from './payment-accounts.contract.js';
import { connectStripe, disconnectStripe, paymentAccountsOf } from './payment-accounts.service.js';

const TAGS = ['market: payments'];

/** The seller's payment provider account. A change is used by every node within half a minute (this node at once). */
export function paymentAccountRoutes(deps: MarketRouteDeps): FastifyPluginAsyncZod {
  const manage = allow(deps.db, marketStorePolicy, 'manage');
  const connect = allow(deps.db, marketStorePolicy, 'connectPayments');
  return async (app) => {
    app.get('/api/market/payment-accounts', { onRequest: manage, schema: { tags: TAGS, summary: 'Whether Stripe is connected (never its keys), and the webhook address to register there', response: { 200: paymentAccountsView } } }, async (request) =>
      runUseCase(deps.db, requestContextOf(request), (useCase) => paymentAccountsOf(useCase, request.server.siteUrlOf(tenantOf(request)))),
    );
    app.put('/api/market/payment-accounts/stripe', { onRequest: connect, schema: { tags: TAGS, summary: "Connect Stripe: the secret key and the webhook endpoint's signing secret (sealed; not shown again)", body: stripeAccountInput } }, async (request, reply) => {
      await runUseCase(deps.db, requestContextOf(request), (useCase) => connectStripe(useCase, request.body));
      deps.stripe.forget(tenantOf(request).id);
      return reply.status(204).send();
    });
    app.delete('/api/market/payment-accounts/stripe', { onRequest: connect, schema: { tags: TAGS, summary: 'Disconnect Stripe: card payments stop; orders and their records stay' } }, async (request, reply) => {
      await runUseCase(deps.db, requestContextOf(request), (useCase) => disconnectStripe(useCase));
      deps.stripe.forget(tenantOf(request).id);
      return reply.status(204).send();
    });
  };
}
