import { runUseCase, type RequestContext, type UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { findOrder } from '../orders/orders.repository.js';
import type { StoredInvoiceDocument } from './build-document.js';
import { issuedPdfBytes } from './invoice-files.js';
import type { InvoiceView } from './invoices.contract.js';
import { findInvoice, invoiceOfBuyer, invoicesOfBuyer, invoicesOfOrder, type InvoiceRow } from './invoices.repository.js';

function invoiceViewOf(row: InvoiceRow): InvoiceView {
  const document = row.document as StoredInvoiceDocument;
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    correctsNumber: document.correctsNumber ?? null,
    orderId: row.orderId,
    orderReference: document.orderReference,
    issuedAt: row.issuedAt.toISOString(),
    currency: document.currency,
    netMinor: document.totals.netMinor,
    vatMinor: document.totals.vatMinor,
    grossMinor: document.totals.grossMinor,
    pdfUrl: `/api/market/invoices/${row.id}/pdf`,
  };
}

/** The seller's view of an order's invoice and credit notes, in the order they were issued. */
export async function invoicesOfOrderForSeller(useCase: UseCase, orderId: string): Promise<InvoiceView[]> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  if (!(await findOrder(useCase.tx, orderId))) throw new AppError('MARKET_ORDER_NOT_FOUND', [{ field: 'id', value: orderId }]);
  return (await invoicesOfOrder(useCase.tx, orderId)).map(invoiceViewOf);
}

/** "My invoices": the signed-in buyer's invoices and credit notes, newest first; nobody else's. */
export async function myInvoices(useCase: UseCase): Promise<InvoiceView[]> {
  marketStorePolicy.assert(useCase.actor, 'purchases');
  return (await invoicesOfBuyer(useCase.tx, useCase.user.id)).map(invoiceViewOf);
}

/**
 * The invoice the caller may download: any for the seller, their own for a buyer. Anybody else
 * learns nothing (not even that it exists), and the attempt goes to the audit log.
 */
async function invoiceToDownload(useCase: UseCase, invoiceId: string): Promise<InvoiceRow | undefined> {
  marketStorePolicy.assert(useCase.actor, 'purchases');
  const invoice = await findInvoice(useCase.tx, invoiceId);
  if (marketStorePolicy.can(useCase.actor, 'manage')) return invoice;
  if (invoice && (await invoiceOfBuyer(useCase.tx, invoice.id, useCase.user.id))) return invoice;
  await insertActorEvent(useCase.tx, useCase, 'market.invoice_refused', { type: 'market_invoice', id: invoiceId }, { exists: invoice !== undefined, number: invoice?.number ?? null });
  return undefined;
}

/** The PDF of an invoice or credit note and its file name (`2026-000042.pdf`). */
export async function invoicePdf(deps: Pick<AreaDeps, 'db' | 'storage'>, context: RequestContext, invoiceId: string): Promise<{ pdf: Buffer; fileName: string }> {
  // The refusal's audit entry commits with this transaction; the 404 is thrown after it.
  const invoice = await runUseCase(deps.db, context, (useCase) => invoiceToDownload(useCase, invoiceId));
  if (!invoice) throw new AppError('MARKET_INVOICE_NOT_FOUND', [{ field: 'id', value: invoiceId }]);
  // Read or rendered outside the transaction (the blob store uses the database itself).
  return { pdf: await issuedPdfBytes(deps.storage, context.tenant.id, invoice), fileName: `${invoice.number}.pdf` };
}
