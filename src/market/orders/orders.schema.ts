import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { users } from '../../platform/identity/identity.schema.js';
import { marketProducts } from '../catalogue/catalogue.schema.js';

/** The order's life (order-states.ts holds the allowed steps). */
export const ORDER_STATUSES = ['pending', 'awaiting_transfer', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'charged_back'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_PROVIDERS = ['stripe', 'invoice', 'free'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
export const TAX_RULES = ['oss', 'domestic', 'reverse_charge', 'outside_eu'] as const;

/**
 * An order: who buys what at which price, taxed how. Prices, taxes and the buyer's details are
 * copied in when it is placed, so a later change of a product or the deletion of the buyer's
 * account changes no order (the buyer's link is set to null then; the copy stays for the invoice).
 */
export const marketOrders = pgTable(
  'market_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** What buyer and seller quote (`A1B2-C3D4`): short, without the look-alikes 0/O and 1/I. */
    reference: text('reference').notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    buyerUserId: uuid('buyer_user_id'),
    buyerEmail: text('buyer_email').notNull(),
    buyerFirstName: text('buyer_first_name').notNull(),
    buyerLastName: text('buyer_last_name').notNull(),
    buyerCompany: text('buyer_company'),
    buyerAddress: text('buyer_address').notNull().default(''),
    buyerCountry: text('buyer_country').notNull(),
    buyerVatId: text('buyer_vat_id'),
    /** `valid` / `unverified` (VIES unreachable: recorded so) / null without a VAT ID. */
    buyerVatStatus: text('buyer_vat_status', { enum: ['valid', 'unverified'] }),
    /** The pieces of location evidence the tax rules ask for (kind, country), and the country they agree on. */
    locationEvidence: jsonb('location_evidence').notNull().default(sql`'[]'::jsonb`),
    language: text('language', { enum: ['de', 'en'] }).notNull(),
    currency: text('currency').notNull(),
    netMinor: integer('net_minor').notNull(),
    vatMinor: integer('vat_minor').notNull(),
    grossMinor: integer('gross_minor').notNull(),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    /** The coupon the buyer used (its code as typed then), if any. */
    couponCode: text('coupon_code'),
    /**
     * An order that gives access without money (free, or a bank transfer let through before it is
     * paid), placed without a session, waits until its address is confirmed: the digest of the
     * mailed link's token, cleared once used. Anyone may type anyone's address into the form.
     */
    confirmationTokenHash: text('confirmation_token_hash'),
    emailConfirmedAt: timestamp('email_confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('market_orders_tenant_id_id_key').on(t.tenantId, t.id),
    unique('market_orders_reference_key').on(t.tenantId, t.reference),
    index('market_orders_created_idx').on(t.tenantId, t.createdAt),
    // Sales reports read paid orders by the time they were paid.
    index('market_orders_paid_idx').on(t.tenantId, t.paidAt),
    index('market_orders_buyer_idx').on(t.tenantId, t.buyerUserId),
    foreignKey({ columns: [t.tenantId, t.buyerUserId], foreignColumns: [users.tenantId, users.id] }).onDelete('set null'),
    check('market_orders_amounts', sql`${t.netMinor} >= 0 and ${t.vatMinor} >= 0 and ${t.grossMinor} = ${t.netMinor} + ${t.vatMinor} and ${t.refundedMinor} between 0 and ${t.grossMinor}`),
  ],
);

/** One product of an order, with its quantity (seats of a seat pack; 1 otherwise) and its tax. */
export const marketOrderLines = pgTable(
  'market_order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    orderId: uuid('order_id').notNull(),
    position: integer('position').notNull(),
    productId: uuid('product_id'),
    title: text('title').notNull(),
    /** The courses the line gives access to, as they were when it was ordered. */
    courseIds: uuid('course_ids').array().notNull(),
    accessDays: integer('access_days'),
    quantity: integer('quantity').notNull(),
    /** A company's seats (quantity = seats), assigned to employees later; otherwise the buyer's own access. */
    seatPack: boolean('seat_pack').notNull().default(false),
    unitPriceMinor: integer('unit_price_minor').notNull(),
    /** Taken off the line's list price by a coupon, before tax (the line's amounts are after it). */
    discountMinor: integer('discount_minor').notNull().default(0),
    netMinor: integer('net_minor').notNull(),
    vatMinor: integer('vat_minor').notNull(),
    grossMinor: integer('gross_minor').notNull(),
    vatRateBasisPoints: integer('vat_rate_basis_points').notNull(),
    taxRule: text('tax_rule', { enum: TAX_RULES }).notNull(),
    taxCountry: text('tax_country'),
    refundedMinor: integer('refunded_minor').notNull().default(0),
  },
  (t) => [
    unique('market_order_lines_tenant_id_id_key').on(t.tenantId, t.id),
    unique('market_order_lines_position_key').on(t.orderId, t.position),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [marketOrders.tenantId, marketOrders.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [marketProducts.tenantId, marketProducts.id] }).onDelete('set null'),
    check('market_order_lines_quantity', sql`${t.quantity} between 1 and 10000`),
    check('market_order_lines_amounts', sql`${t.grossMinor} = ${t.netMinor} + ${t.vatMinor} and ${t.refundedMinor} between 0 and ${t.grossMinor}`),
  ],
);

export const PAYMENT_STATUSES = ['open', 'succeeded', 'expired', 'failed', 'disputed', 'charged_back'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A payment of an order at a provider (a Stripe Checkout Session and its PaymentIntent, or a bank
 * transfer the seller records). Its status moves only by the provider's verified word.
 */
export const marketPayments = pgTable(
  'market_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    orderId: uuid('order_id').notNull(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('open'),
    /** The provider's id of the checkout (Stripe: `cs_…`). */
    providerCheckoutId: text('provider_checkout_id'),
    /** The provider's id of the money movement (Stripe: `pi_…`), known once paid. */
    providerPaymentId: text('provider_payment_id'),
    checkoutUrl: text('checkout_url'),
    currency: text('currency').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('market_payments_tenant_id_id_key').on(t.tenantId, t.id),
    unique('market_payments_checkout_key').on(t.provider, t.providerCheckoutId),
    index('market_payments_order_idx').on(t.tenantId, t.orderId),
    index('market_payments_payment_idx').on(t.provider, t.providerPaymentId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [marketOrders.tenantId, marketOrders.id] }).onDelete('cascade'),
  ],
);

/**
 * A provider's event that has had its effect: its id is unique, and the row is written in the
 * transaction of the effect, so a repeated delivery finds it and does nothing.
 */
export const marketProviderEvents = pgTable(
  'market_provider_events',
  {
    tenantId: tenantIdColumn(),
    provider: text('provider', { enum: PAYMENT_PROVIDERS }).notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    orderId: uuid('order_id'),
    /** What the event did (`paid`, `ignored: out of order`, …), for the seller's and the operator's eyes. */
    outcome: text('outcome').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('market_provider_events_key').on(t.tenantId, t.provider, t.eventId), index('market_provider_events_order_idx').on(t.tenantId, t.orderId)],
);

/**
 * Access a line gave a person to a course: granted in Learn on payment (under this row's id),
 * ended exactly when the line is refunded or charged back.
 */
export const marketAccessGrants = pgTable(
  'market_access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    orderLineId: uuid('order_line_id').notNull(),
    userId: uuid('user_id').notNull(),
    courseId: uuid('course_id').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    unique('market_access_grants_line_user_course_key').on(t.orderLineId, t.userId, t.courseId),
    index('market_access_grants_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.orderLineId], foreignColumns: [marketOrderLines.tenantId, marketOrderLines.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  ],
);

export const REFUND_KINDS = ['refund', 'chargeback'] as const;
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;

/**
 * Money given back: by the seller (per line, whole or in part), from the provider's dashboard, or
 * taken back by the buyer's bank (a lost dispute). `lines` says how much of which line; a line
 * refunded in full loses its access. Pending while the provider is being asked.
 */
export const marketRefunds = pgTable(
  'market_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    orderId: uuid('order_id').notNull(),
    kind: text('kind', { enum: REFUND_KINDS }).notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull(),
    amountMinor: integer('amount_minor').notNull(),
    /** `[{ lineId, amountMinor }]`. */
    lines: jsonb('lines').notNull(),
    reason: text('reason').notNull().default(''),
    providerRefundId: text('provider_refund_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    unique('market_refunds_tenant_id_id_key').on(t.tenantId, t.id),
    index('market_refunds_order_idx').on(t.tenantId, t.orderId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [marketOrders.tenantId, marketOrders.id] }).onDelete('cascade'),
    check('market_refunds_amount', sql`${t.amountMinor} > 0`),
  ],
);
