import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';
import { marketOrders } from '../orders/orders.schema.js';

/** A code buyers type for a price off: a percentage, or an amount in one currency. */
export const marketCoupons = pgTable(
  'market_coupons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    /** Upper case: the form it is compared in. */
    code: text('code').notNull(),
    kind: text('kind', { enum: ['percent', 'amount'] }).notNull(),
    percent: integer('percent'),
    amountMinor: integer('amount_minor'),
    currency: text('currency'),
    /** The products it applies to; empty: every product. */
    productIds: uuid('product_ids').array().notNull().default(sql`'{}'::uuid[]`),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    maxUses: integer('max_uses'),
    maxUsesPerBuyer: integer('max_uses_per_buyer'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('market_coupons_tenant_id_id_key').on(t.tenantId, t.id),
    unique('market_coupons_code_key').on(t.tenantId, t.code),
    check('market_coupons_kind', sql`(${t.kind} = 'percent' and ${t.percent} between 1 and 100 and ${t.amountMinor} is null) or (${t.kind} = 'amount' and ${t.amountMinor} > 0 and ${t.currency} is not null and ${t.percent} is null)`),
  ],
);

/**
 * A use of a coupon by an order. It holds the coupon's limits: written in the order's transaction
 * with the coupon row locked, removed when the order is cancelled (an abandoned checkout gives its
 * use back).
 */
export const marketCouponRedemptions = pgTable(
  'market_coupon_redemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantIdColumn(),
    couponId: uuid('coupon_id').notNull(),
    orderId: uuid('order_id').notNull(),
    buyerEmail: text('buyer_email').notNull(),
    discountMinor: integer('discount_minor').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('market_coupon_redemptions_order_key').on(t.orderId),
    index('market_coupon_redemptions_coupon_idx').on(t.tenantId, t.couponId, t.buyerEmail),
    foreignKey({ columns: [t.tenantId, t.couponId], foreignColumns: [marketCoupons.tenantId, marketCoupons.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [marketOrders.tenantId, marketOrders.id] }).onDelete('cascade'),
  ],
);
