import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { marketStorePolicy } from '../market.policy.js';
import { invoiceListView } from './invoices.contract.js';
import { invoicePdf, invoicesOfOrderForSeller, myInvoices } from './invoices.service.js';

const TAGS = ['market: invoices'];
const idParams = z.object({ id: z.uuid() });

/** Issued invoices and credit notes: the seller's per order, the buyer's own, and their PDFs. */
export function invoiceRoutes(deps: MarketRouteDeps): FastifyPluginAsyncZod {
  const manage = allow(deps.db, marketStorePolicy, 'manage');
  const purchases = allow(deps.db, marketStorePolicy, 'purchases');
  return async (app) => {
    app.get('/api/market/orders/:id/invoices', { onRequest: manage, schema: { tags: TAGS, summary: "An order's invoice and credit notes, in the order they were issued", params: idParams, response: { 200: invoiceListView } } }, async (request) => ({
      invoices: await runUseCase(deps.db, requestContextOf(request), (useCase) => invoicesOfOrderForSeller(useCase, request.params.id)),
    }));
    app.get('/api/market/my/invoices', { onRequest: purchases, schema: { tags: TAGS, summary: "The signed-in buyer's invoices and credit notes, newest first", response: { 200: invoiceListView } } }, async (request) => ({
      invoices: await runUseCase(deps.db, requestContextOf(request), (useCase) => myInvoices(useCase)),
    }));
    app.get(
      '/api/market/invoices/:id/pdf',
      { onRequest: purchases, schema: { tags: TAGS, summary: 'Download an invoice or credit note as a PDF (the seller any; a buyer their own)', description: 'A download (Content-Disposition: attachment). Anybody else gets 404.', params: idParams } },
      async (request, reply) => {
        const { pdf, fileName } = await invoicePdf(deps, requestContextOf(request), request.params.id);
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'private, no-store').send(pdf);
      },
    );
  };
}
