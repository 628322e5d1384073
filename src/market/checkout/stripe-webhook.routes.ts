import type { FastifyPluginAsync } from 'fastify';
import { publicRoute } from '../../platform/access/index.js';
import { AppError } from '../../platform/http/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { handleStripeWebhook } from './stripe-webhook.js';

/** Stripe's events are small; a larger body is not Stripe's. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

/**
 * The endpoint a seller registers in Stripe (`https://<site>/api/market/webhooks/stripe`). Its body
 * is kept as raw bytes, in this plugin only: the signature covers the bytes as sent, not JSON
 * parsed and printed again.
 */
export function stripeWebhookRoutes(deps: MarketRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.post(
      '/api/market/webhooks/stripe',
      {
        onRequest: publicRoute('Stripe calls it: each delivery is verified by its signature over the raw body before anything happens'),
        bodyLimit: WEBHOOK_BODY_LIMIT,
        // Stripe delivers a busy store's events in bursts from a few addresses: a budget of their own (docs/security.md).
        config: { signedCallback: true },
        schema: { tags: ['market: checkout'], summary: "Stripe's webhook: checkout completed or expired, refunds and disputes (signature checked on the raw body; an event id has its effect once)", hide: false },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['stripe-signature'];
        const result = await handleStripeWebhook(deps.db, deps.stripe, tenantOf(request).id, body, typeof signature === 'string' ? signature : undefined, { ip: request.ip, requestId: request.id });
        if (result.refusal) throw new AppError(result.refusal);
        return reply.status(200).send({ received: true, outcome: result.outcome });
      },
    );
  };
}
