import { z } from 'zod';
import { INVOICE_KINDS } from './invoices.schema.js';

/** An issued invoice or credit note in a list; its PDF is at `pdfUrl`. */
export const invoiceView = z.object({
  id: z.uuid(),
  kind: z.enum(INVOICE_KINDS),
  number: z.string(),
  /** A credit note's invoice. */
  correctsNumber: z.string().nullable(),
  orderId: z.uuid(),
  orderReference: z.string(),
  issuedAt: z.string(),
  currency: z.string(),
  netMinor: z.number(),
  vatMinor: z.number(),
  grossMinor: z.number(),
  pdfUrl: z.string(),
});
export type InvoiceView = z.infer<typeof invoiceView>;

export const invoiceListView = z.object({ invoices: z.array(invoiceView) });
