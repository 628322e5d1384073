import { buffer } from 'node:stream/consumers';
import { z } from 'zod';
import type { JobHandlers } from '../../platform/jobs/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import type { BlobStore } from '../../platform/storage/index.js';
import type { StoredInvoiceDocument } from './build-document.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { findInvoice, setPdfHashIfNone, type InvoiceRow } from './invoices.repository.js';

/** Renders an issued invoice's PDF and stores it (after the issuing transaction has committed). */
export const MARKET_INVOICE_PDF = 'market.invoice_pdf';

const payload = z.object({ invoiceId: z.uuid() });

/**
 * The PDF of an issued document: the same document and logo give the same bytes, so the stored PDF
 * and one rendered now are one file. `lenient`: a logo that cannot be read is left out rather than
 * failing (for a download; the job retries instead, so what it stores has the logo).
 */
export async function renderIssuedPdf(storage: BlobStore, tenantId: string, invoice: InvoiceRow, options: { lenient?: boolean } = {}): Promise<Buffer> {
  let logoPng: Buffer | null = null;
  if (invoice.logoHash) {
    try {
      logoPng = await buffer(await storage.get(tenantId, invoice.logoHash));
    } catch (error) {
      if (!options.lenient) throw error;
    }
  }
  return renderInvoicePdf({ ...(invoice.document as StoredInvoiceDocument), logoPng }, invoice.language);
}

/** Renders the PDF and stores it as a blob (outside any transaction: the store writes to the database itself), then records it once. */
export async function storeIssuedPdf(deps: Pick<AreaDeps, 'db' | 'storage'>, tenantId: string, invoice: InvoiceRow): Promise<string> {
  const blob = await deps.storage.put(tenantId, await renderIssuedPdf(deps.storage, tenantId, invoice));
  await deps.db.withTenant(tenantId, (tx) => setPdfHashIfNone(tx, invoice.id, blob.hash));
  return blob.hash;
}

/** The PDF's bytes: the stored file, or (before the job has stored it) the same bytes rendered now. */
export async function issuedPdfBytes(storage: BlobStore, tenantId: string, invoice: InvoiceRow): Promise<Buffer> {
  if (invoice.pdfHash) return buffer(await storage.get(tenantId, invoice.pdfHash));
  return renderIssuedPdf(storage, tenantId, invoice, { lenient: true });
}

export function invoiceJobHandlers(deps: AreaDeps): JobHandlers {
  return {
    [MARKET_INVOICE_PDF]: async (raw, job) => {
      if (!job.tenantId) throw new Error(`${MARKET_INVOICE_PDF} job ${String(job.id)} has no tenant`);
      const tenantId = job.tenantId;
      const { invoiceId } = payload.parse(raw);
      const invoice = await deps.db.withTenant(tenantId, (tx) => findInvoice(tx, invoiceId));
      if (!invoice || invoice.pdfHash) return;
      await storeIssuedPdf(deps, tenantId, invoice);
    },
  };
}
