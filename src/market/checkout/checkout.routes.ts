import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicRoute } from '../../platform/access/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { checkoutContextOf } from './checkout-context.js';
import { checkoutInput, checkoutView } from './checkout.contract.js';
import { placeOrder } from './place-order.js';

const TAGS = ['market: checkout'];

/** Checkout for apps and the storefront's script-free form alike: the order is placed and the buyer sent on. */
export function checkoutRoutes(deps: MarketRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/market/checkout',
      {
        onRequest: publicRoute('buyers need no account to buy: the order is priced by the server, and access follows only the provider’s verified payment'),
        schema: { tags: TAGS, summary: 'Place an order for a product and get the address of its payment page (or of the order, for free products and bank transfers)', body: checkoutInput, response: { 201: checkoutView } },
        // It mails the address typed, and a coupon code is a guessable code: both budgets per client address apply.
        config: { sendsMailToNamedAddress: true, checksGuessableCode: true },
      },
      async (request, reply) => reply.status(201).send(await placeOrder(await checkoutContextOf(deps, request), request.body)),
    );
  };
}
