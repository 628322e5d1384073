import { z } from 'zod';
import type { Orm } from '../../platform/db/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { findTenantById, sectionSettingsOf, settingsOf, type Tenant } from '../../platform/tenancy/index.js';
import { marketSettings } from '../market.settings.js';
import { isCurrency } from '../money.js';
import { findOrder, linesOf, lockOrder, lockRefund } from '../orders/orders.repository.js';
import { creditNoteDocumentOf, invoiceDocumentOf, invoiceNumberOf, sellerDateOf, type StoredInvoiceDocument } from './build-document.js';
import { MARKET_INVOICE_PDF } from './invoice-files.js';
import { creditNoteOfRefund, insertInvoice, invoiceOfOrder, takeNextNumber, type InvoiceRow } from './invoices.repository.js';
import type { InvoiceKind } from './invoices.schema.js';

/** An invoice or credit note as its issuer learns of it. */
export interface IssuedInvoice {
  id: string;
  number: string;
  kind: InvoiceKind;
}

const issuedOf = (row: InvoiceRow): IssuedInvoice => ({ id: row.id, number: row.number, kind: row.kind });

/** The site's name (the seller's when the store's settings name none) and its logo, if pdfkit can draw it. */
function siteOf(tenant: Tenant): { siteName: string; logoHash: string | null } {
  const branding = settingsOf(tenant).branding;
  const logo = branding.logo;
  return { siteName: branding.siteName || tenant.name, logoHash: logo && (logo.mediaType === 'image/png' || logo.mediaType === 'image/jpeg') ? logo.hash : null };
}

async function tenantOfOrder(tx: Orm, tenantId: string): Promise<Tenant> {
  const tenant = await findTenantById(tx, tenantId);
  if (!tenant) throw new Error(`tenant ${tenantId} of an order is not found`);
  return tenant;
}

/** Stores the issued document and queues its PDF (rendered and stored as a blob after the commit). */
async function store(tx: Orm, row: Parameters<typeof insertInvoice>[1]): Promise<IssuedInvoice> {
  const invoice = await insertInvoice(tx, row);
  await enqueueJob(tx, { kind: MARKET_INVOICE_PDF, payload: { invoiceId: invoice.id } });
  return issuedOf(invoice);
}

/**
 * Issues the invoice of an order, in the caller's transaction (the one that records it paid, or
 * places it for a bank transfer): it takes the tenant's next number, which is used only if that
 * transaction commits, so the series has no gaps. An order that costs nothing gets none; an order
 * invoiced before gets its invoice back, unchanged.
 */
export async function issueInvoice(tx: Orm, orderId: string): Promise<IssuedInvoice | null> {
  // Locked, so two issuers of one order take turns and the second finds the first's invoice.
  const order = await lockOrder(tx, orderId);
  if (!order || order.grossMinor <= 0) return null;
  const existing = await invoiceOfOrder(tx, order.id);
  if (existing) return issuedOf(existing);
  if (!isCurrency(order.currency)) throw new Error(`order ${order.id} has an unknown currency ${order.currency}`);
  const lines = await linesOf(tx, order.id);
  const tenant = await tenantOfOrder(tx, order.tenantId);
  const settings = sectionSettingsOf(tenant, marketSettings);
  const site = siteOf(tenant);
  const { sequence, takenAt } = await takeNextNumber(tx);
  const issuedDate = sellerDateOf(settings.sellerCountry, takenAt);
  const number = invoiceNumberOf(issuedDate, sequence);
  const document = invoiceDocumentOf({ order, lines, settings, siteName: site.siteName, number, issuedDate });
  return store(tx, { number, sequence, kind: 'invoice', orderId: order.id, issuedAt: takenAt, language: order.language, document, logoHash: site.logoHash, buyerUserId: order.buyerUserId });
}

/**
 * Issues the credit note of a refund or chargeback, in the transaction that records it: the amounts
 * given back per line, correcting the order's invoice, numbered in the same series. None for an
 * order without an invoice (a free one), for an id that is no refund, or for a refund that gives
 * nothing back; a refund credited before gets its credit note back.
 */
export async function issueCreditNote(tx: Orm, refundId: string): Promise<IssuedInvoice | null> {
  if (!z.uuid().safeParse(refundId).success) return null;
  // Locked, so two issuers of one refund take turns and the second finds the first's credit note.
  const refund = await lockRefund(tx, refundId);
  // Only money that was given back is credited (a pending refund may still fail).
  if (!refund || refund.status !== 'succeeded') return null;
  const order = await findOrder(tx, refund.orderId);
  if (!order) return null;
  // A refund right after the payment may come before the invoice's own transaction: it is issued first.
  if (order.provider !== 'invoice' && !(await invoiceOfOrder(tx, order.id))) await issueInvoice(tx, order.id);
  const invoice = await invoiceOfOrder(tx, order.id);
  if (!invoice) return null;
  const existing = await creditNoteOfRefund(tx, refund.id);
  if (existing) return issuedOf(existing);
  const tenant = await tenantOfOrder(tx, order.tenantId);
  const settings = sectionSettingsOf(tenant, marketSettings);
  const site = siteOf(tenant);
  const lines = await linesOf(tx, order.id);
  // Built before the number is taken: a refund that credits nothing takes none.
  const draft = creditNoteDocumentOf({ invoice: invoice.document as StoredInvoiceDocument, order, lines, refund, settings, siteName: site.siteName, number: '', issuedDate: '' });
  if (!draft) return null;
  const { sequence, takenAt } = await takeNextNumber(tx);
  const issuedDate = sellerDateOf(settings.sellerCountry, takenAt);
  const number = invoiceNumberOf(issuedDate, sequence);
  const document: StoredInvoiceDocument = { ...draft, number, issuedAt: issuedDate };
  return store(tx, {
    number,
    sequence,
    kind: 'credit_note',
    orderId: order.id,
    refundId: refund.id,
    correctsInvoiceId: invoice.id,
    issuedAt: takenAt,
    language: invoice.language,
    document,
    logoHash: site.logoHash,
    buyerUserId: order.buyerUserId,
  });
}
