import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { productInput, productListView, productView } from './catalogue.contract.js';
import { changeProduct, createProduct, productOfStore, productsOfStore } from './catalogue.service.js';

const TAGS = ['market: products'];
const idParams = z.object({ id: z.uuid() });

/** The seller's products: written whole (a PUT replaces courses and prices as sent). */
export function catalogueRoutes(db: Db): FastifyPluginAsyncZod {
  const manage = allow(db, marketStorePolicy, 'manage');
  return async (app) => {
    app.get('/api/market/products', { onRequest: manage, schema: { tags: TAGS, summary: "The store's products, last changed first", response: { 200: productListView } } }, async (request) => ({
      products: await runUseCase(db, requestContextOf(request), (useCase) => productsOfStore(useCase)),
    }));
    app.post('/api/market/products', { onRequest: manage, schema: { tags: TAGS, summary: 'Add a product (a course or a bundle) with its prices', body: productInput, response: { 201: productView } } }, async (request, reply) =>
      reply.status(201).send(await runUseCase(db, requestContextOf(request), (useCase) => createProduct(useCase, request.body))),
    );
    app.get('/api/market/products/:id', { onRequest: manage, schema: { tags: TAGS, summary: 'One product', params: idParams, response: { 200: productView } } }, async (request) =>
      runUseCase(db, requestContextOf(request), (useCase) => productOfStore(useCase, request.params.id)),
    );
    app.put('/api/market/products/:id', { onRequest: manage, schema: { tags: TAGS, summary: 'Change a product (courses and prices as sent replace the old ones; orders keep what they were placed with)', params: idParams, body: productInput, response: { 200: productView } } }, async (request) =>
      runUseCase(db, requestContextOf(request), (useCase) => changeProduct(useCase, request.params.id, request.body)),
    );
  };
}
