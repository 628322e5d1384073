import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import { marketOrders } from '../orders/orders.schema.js';
import { marketInvoices } from './invoices.schema.js';

export type InvoiceRow = typeof marketInvoices.$inferSelect;
export type NewInvoice = Omit<typeof marketInvoices.$inferInsert, 'id' | 'tenantId' | 'pdfHash'>;

/**
 * The tenant's next number and the moment it was taken. The counter's row stays locked until the
 * transaction ends, so the tenant's other issuers wait: numbers follow the commits one by one, a
 * rolled-back transaction gives its number back, and the moments go up with the numbers.
 */
export async function takeNextNumber(tx: Orm): Promise<{ sequence: number; takenAt: Date }> {
  const rows = await queryRows<{ last_number: number; taken_at: string | Date }>(
    tx,
    sql`insert into market_invoice_counters (last_number) values (1)
        on conflict (tenant_id) do update set last_number = market_invoice_counters.last_number + 1
        returning last_number, clock_timestamp() as taken_at`,
  );
  const row = rows[0]!;
  return { sequence: Number(row.last_number), takenAt: new Date(row.taken_at) };
}

export async function insertInvoice(tx: Orm, invoice: NewInvoice): Promise<InvoiceRow> {
  const [row] = await tx.insert(marketInvoices).values(invoice).returning();
  return row!;
}

export async function findInvoice(tx: Orm, id: string): Promise<InvoiceRow | undefined> {
  const rows = await tx.select().from(marketInvoices).where(eq(marketInvoices.id, id));
  return rows[0];
}

/** The order's invoice (not its credit notes). */
export async function invoiceOfOrder(tx: Orm, orderId: string): Promise<InvoiceRow | undefined> {
  const rows = await tx
    .select()
    .from(marketInvoices)
    .where(and(eq(marketInvoices.orderId, orderId), eq(marketInvoices.kind, 'invoice')));
  return rows[0];
}

export async function creditNoteOfRefund(tx: Orm, refundId: string): Promise<InvoiceRow | undefined> {
  const rows = await tx.select().from(marketInvoices).where(eq(marketInvoices.refundId, refundId));
  return rows[0];
}

/** An order's invoice and credit notes, in the order they were issued. */
export async function invoicesOfOrder(tx: Orm, orderId: string): Promise<InvoiceRow[]> {
  return tx.select().from(marketInvoices).where(eq(marketInvoices.orderId, orderId)).orderBy(asc(marketInvoices.sequence));
}

/**
 * A buyer's invoices and credit notes, newest first: those of the orders that are theirs now. An
 * invoice issued before the order was linked to an account (a bank transfer's, issued with the
 * order) belongs to the order's buyer too; the invoice's own row never changes.
 */
export async function invoicesOfBuyer(tx: Orm, userId: string): Promise<InvoiceRow[]> {
  return tx
    .select({ invoice: marketInvoices })
    .from(marketInvoices)
    .innerJoin(marketOrders, eq(marketOrders.id, marketInvoices.orderId))
    .where(eq(marketOrders.buyerUserId, userId))
    .orderBy(desc(marketInvoices.sequence))
    .limit(1000)
    .then((rows) => rows.map((row) => row.invoice));
}

/** Whether the invoice's order is the user's (the buyer's account it is linked to now). */
export async function invoiceOfBuyer(tx: Orm, invoiceId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: marketInvoices.id })
    .from(marketInvoices)
    .innerJoin(marketOrders, eq(marketOrders.id, marketInvoices.orderId))
    .where(and(eq(marketInvoices.id, invoiceId), eq(marketOrders.buyerUserId, userId)));
  return rows.length === 1;
}

/** Records the rendered PDF; the first one stays (a second render of the same document is the same bytes anyway). */
export async function setPdfHashIfNone(tx: Orm, id: string, hash: string): Promise<void> {
  await tx
    .update(marketInvoices)
    .set({ pdfHash: hash })
    .where(and(eq(marketInvoices.id, id), isNull(marketInvoices.pdfHash)));
}

/** Which of `hashes` an invoice refers to (its PDF or the logo drawn on it): the store's collector keeps them. */
export async function referencedInvoiceBlobs(tx: Orm, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await tx
    .select({ hash: sql<string>`${marketInvoices.pdfHash}` })
    .from(marketInvoices)
    .where(inArray(marketInvoices.pdfHash, hashes))
    .union(tx.select({ hash: sql<string>`${marketInvoices.logoHash}` }).from(marketInvoices).where(inArray(marketInvoices.logoHash, hashes)));
  return new Set(rows.map((row) => row.hash));
}
