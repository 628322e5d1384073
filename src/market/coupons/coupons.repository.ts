import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../../platform/db/index.js';
import type { CouponFields } from './coupons.contract.js';
import { marketCouponRedemptions, marketCoupons } from './coupons.schema.js';

export type CouponRow = typeof marketCoupons.$inferSelect;

const columnsOf = (fields: CouponFields) => ({
  ...fields,
  validFrom: fields.validFrom ? new Date(fields.validFrom) : null,
  validUntil: fields.validUntil ? new Date(fields.validUntil) : null,
});

export async function insertCoupon(tx: Orm, fields: CouponFields): Promise<string | undefined> {
  const rows = await tx.insert(marketCoupons).values(columnsOf(fields)).onConflictDoNothing().returning({ id: marketCoupons.id });
  return rows[0]?.id;
}

export async function updateCoupon(tx: Orm, id: string, fields: CouponFields): Promise<void> {
  await tx.update(marketCoupons).set(columnsOf(fields)).where(eq(marketCoupons.id, id));
}

export async function codeTaken(tx: Orm, code: string, exceptId?: string): Promise<boolean> {
  const rows = await tx.select({ id: marketCoupons.id }).from(marketCoupons).where(eq(marketCoupons.code, code));
  return rows.some((row) => row.id !== exceptId);
}

/** Coupons with how often each is used (orders not cancelled). */
export async function listCoupons(tx: Orm, id?: string): Promise<(CouponRow & { uses: number })[]> {
  const rows = await tx
    .select({ coupon: marketCoupons, uses: sql<number>`(select count(*)::int from market_coupon_redemptions r where r.coupon_id = market_coupons.id)` })
    .from(marketCoupons)
    .where(id ? eq(marketCoupons.id, id) : undefined)
    .orderBy(desc(marketCoupons.createdAt));
  return rows.map((row) => ({ ...row.coupon, uses: row.uses }));
}

/** The coupon of a code, locked: its uses are counted and a new one written before another order may count them. */
export async function lockCouponByCode(tx: Orm, code: string): Promise<CouponRow | undefined> {
  const rows = await tx.select().from(marketCoupons).where(eq(marketCoupons.code, code)).for('update');
  return rows[0];
}

export async function usesOf(tx: Orm, couponId: string, buyerEmail: string): Promise<{ total: number; byBuyer: number }> {
  const [row] = await queryRows<{ total: number; by_buyer: number }>(
    tx,
    sql`select count(*)::int as total, count(*) filter (where buyer_email = ${buyerEmail})::int as by_buyer from market_coupon_redemptions where coupon_id = ${couponId}::uuid`,
  );
  return { total: row?.total ?? 0, byBuyer: row?.by_buyer ?? 0 };
}

export async function insertRedemption(tx: Orm, redemption: { couponId: string; orderId: string; buyerEmail: string; discountMinor: number }): Promise<void> {
  await tx.insert(marketCouponRedemptions).values(redemption);
}

/** A cancelled order gives its coupon use back. */
export async function deleteRedemptionOf(tx: Orm, orderId: string): Promise<void> {
  await tx.delete(marketCouponRedemptions).where(and(eq(marketCouponRedemptions.orderId, orderId)));
}
