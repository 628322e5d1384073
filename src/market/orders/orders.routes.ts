import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { marketStorePolicy } from '../market.policy.js';
import { orderListQuery, orderListView, orderView, refundInput, type TransferReceivedInput } from './orders.contract.js';
import { markTransferReceived, myOrders, orderOfStore, ordersOfStore } from './orders.service.js';
import { refundOrder } from './refund-order.js';

const TAGS = ['market: orders'];
const idParams = z.object({ id: z.uuid() });

/** The seller's orders (search, refunds, bank transfers received) and the buyer's own purchases. */
export function ordersRoutes(deps: MarketRouteDeps): FastifyPluginAsyncZod {
  const manage = allow(deps.db, marketStorePolicy, 'manage');
  const purchases = allow(deps.db, marketStorePolicy, 'purchases');
  return async (app) => {
    app.get('/api/market/orders', { onRequest: manage, schema: { tags: TAGS, summary: "The store's orders, newest first, by status and search (reference, e-mail, name, company)", querystring: orderListQuery, response: { 200: orderListView } } }, async (request) => ({
      orders: await runUseCase(deps.db, requestContextOf(request), (useCase) => ordersOfStore(useCase, request.query)),
    }));
    app.get('/api/market/orders/:id', { onRequest: manage, schema: { tags: TAGS, summary: 'One order with its lines and refunds', params: idParams, response: { 200: orderView } } }, async (request) =>
      runUseCase(deps.db, requestContextOf(request), (useCase) => orderOfStore(useCase, request.params.id)),
    );
    app.post('/api/market/orders/:id/refunds', { onRequest: manage, schema: { tags: TAGS, summary: 'Refund an order in full or per line (card payments through Stripe); lines refunded in full lose their access', params: idParams, body: refundInput, response: { 200: orderView } } }, async (request) =>
      refundOrder(deps.db, deps.stripe, requestContextOf(request), request.params.id, request.body),
    );
    // Its body ({ payerIban }) is optional, so a client that posts none still works: the service parses it.
    app.post('/api/market/orders/:id/transfer-received', { onRequest: manage, schema: { tags: TAGS, summary: "A bank transfer's money arrived: the order is paid and its access granted; the payer's IBAN, if given, records where their bank is (VAT evidence)", params: idParams, response: { 200: orderView } } }, async (request) =>
      runUseCase(deps.db, requestContextOf(request), (useCase) => markTransferReceived(useCase, request.params.id, (request.body ?? {}) as TransferReceivedInput)),
    );
    app.get('/api/market/my/orders', { onRequest: purchases, schema: { tags: TAGS, summary: "The signed-in buyer's orders (My purchases)", response: { 200: z.object({ orders: z.array(orderView) }) } } }, async (request) => ({
      orders: await runUseCase(deps.db, requestContextOf(request), (useCase) => myOrders(useCase)),
    }));
  };
}
