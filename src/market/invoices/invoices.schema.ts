import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { users } from '../../platform/identity/identity.schema.js';
import { marketOrders, marketRefunds } from '../orders/orders.schema.js';

/**
 * The last number a tenant's invoices and credit notes took. Taken by `update … returning` in the
 * transaction that issues, so a number is used only when that transaction commits (one series,
 * no gaps), and the row lock makes a tenant's issuers wait for each other.
 */
export const marketInvoiceCounters = pgTable('market_invoice_counters', {
  tenantId: tenantIdColumn().primaryKey(),
  lastNumber: integer('last_number').notNull().default(0),
});

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/**
 * An issued invoice or credit note, as issued: `document` is what it says, and nothing of it changes
 * (a trigger refuses it, migrations/0067). Only the PDF's blob is set once, by the job that renders
 * it, and the buyer's link goes when their account is deleted; the row goes only with its tenant.
 */
export const marketInvoices = pgTable(
  'market_invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** `2026-000042`: the year of issue and the tenant's running sequence. */
    number: text('number').notNull(),
    sequence: integer('sequence').notNull(),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    orderId: uuid('order_id').notNull(),
    /** A credit note's refund (or chargeback). */
    refundId: uuid('refund_id'),
    /** A credit note's invoice. */
    correctsInvoiceId: uuid('corrects_invoice_id'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    language: text('language', { enum: ['de', 'en'] }).notNull(),
    /** The InvoiceDocument without the logo's bytes. */
    document: jsonb('document').notNull(),
    /** The seller's logo at the moment of issue (PNG or JPEG), drawn on the PDF. */
    logoHash: text('logo_hash'),
    /** The rendered PDF, stored once by a job after issue. */
    pdfHash: text('pdf_hash'),
    /** Whose "my invoices" it is; null once the account is deleted (the invoice stays). */
    buyerUserId: uuid('buyer_user_id'),
  },
  (t) => [
    unique('market_invoices_tenant_id_id_key').on(t.tenantId, t.id),
    unique('market_invoices_number_key').on(t.tenantId, t.number),
    unique('market_invoices_sequence_key').on(t.tenantId, t.sequence),
    unique('market_invoices_refund_key').on(t.tenantId, t.refundId),
    // One invoice per order (issuing twice finds it).
    uniqueIndex('market_invoices_order_invoice_key').on(t.tenantId, t.orderId).where(sql`kind = 'invoice'`),
    index('market_invoices_order_idx').on(t.tenantId, t.orderId, t.sequence),
    index('market_invoices_buyer_idx').on(t.tenantId, t.buyerUserId),
    // Cascades, so a tenant's erasure removes them whatever order it reaches the tables in; the trigger refuses every other delete.
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [marketOrders.tenantId, marketOrders.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.refundId], foreignColumns: [marketRefunds.tenantId, marketRefunds.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.correctsInvoiceId], foreignColumns: [t.tenantId, t.id] }).onDelete('cascade'),
    // ON DELETE SET NULL (buyer_user_id) only: set in the RLS migration (drizzle cannot name the column).
    foreignKey({ columns: [t.tenantId, t.buyerUserId], foreignColumns: [users.tenantId, users.id] }).onDelete('set null'),
    check('market_invoices_sequence', sql`${t.sequence} > 0`),
    check('market_invoices_kind', sql`(${t.kind} = 'invoice' and ${t.refundId} is null and ${t.correctsInvoiceId} is null) or (${t.kind} = 'credit_note' and ${t.refundId} is not null and ${t.correctsInvoiceId} is not null)`),
    check('market_invoices_hashes', sql`(${t.pdfHash} is null or ${t.pdfHash} ~ '^[0-9a-f]{64}$') and (${t.logoHash} is null or ${t.logoHash} ~ '^[0-9a-f]{64}$')`),
  ],
);
