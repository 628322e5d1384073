import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { couponInput, couponListView, couponView } from './coupons.contract.js';
import { changeCoupon, couponsOfStore, createCoupon } from './coupons.service.js';

const TAGS = ['market: coupons'];

/** The seller's coupons. A coupon in use is changed or switched off, never deleted: orders name it. */
export function couponRoutes(db: Db): FastifyPluginAsyncZod {
  const manage = allow(db, marketStorePolicy, 'manage');
  const issue = allow(db, marketStorePolicy, 'issueCoupons');
  return async (app) => {
    app.get('/api/market/coupons', { onRequest: manage, schema: { tags: TAGS, summary: 'The coupons, newest first, with how often each was used', response: { 200: couponListView } } }, async (request) => ({
      coupons: await runUseCase(db, requestContextOf(request), (useCase) => couponsOfStore(useCase)),
    }));
    app.post('/api/market/coupons', { onRequest: issue, schema: { tags: TAGS, summary: 'Add a coupon', body: couponInput, response: { 201: couponView } } }, async (request, reply) =>
      reply.status(201).send(await runUseCase(db, requestContextOf(request), (useCase) => createCoupon(useCase, request.body))),
    );
    app.put('/api/market/coupons/:id', { onRequest: issue, schema: { tags: TAGS, summary: 'Change a coupon (or switch it off)', params: z.object({ id: z.uuid() }), body: couponInput, response: { 200: couponView } } }, async (request) =>
      runUseCase(db, requestContextOf(request), (useCase) => changeCoupon(useCase, request.params.id, request.body)),
    );
  };
}
