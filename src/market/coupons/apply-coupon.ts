import type { Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { lockCouponByCode, usesOf, type CouponRow } from './coupons.repository.js';

export interface CouponDiscount {
  coupon: CouponRow;
  discountMinor: number;
}

/**
 * The discount a code gives on one line (its list total, in the order's currency), checked in the
 * order's transaction with the coupon locked: the code exists and is on, the date is within its
 * validity, it applies to the product and the currency, and neither its total nor the buyer's
 * limit is used up. Each refusal names why.
 */
export async function couponDiscount(tx: Orm, input: { code: string; productId: string; currency: string; listTotalMinor: number; buyerEmail: string; now: Date }): Promise<CouponDiscount> {
  const field = [{ field: 'couponCode', value: input.code }];
  const coupon = await lockCouponByCode(tx, input.code.trim().toUpperCase());
  if (!coupon || !coupon.active) throw new AppError('MARKET_COUPON_INVALID', field);
  if ((coupon.validFrom && input.now < coupon.validFrom) || (coupon.validUntil && input.now >= coupon.validUntil)) throw new AppError('MARKET_COUPON_EXPIRED', field);
  if (coupon.productIds.length > 0 && !coupon.productIds.includes(input.productId)) throw new AppError('MARKET_COUPON_NOT_FOR_PRODUCT', field);
  if (coupon.kind === 'amount' && coupon.currency !== input.currency) throw new AppError('MARKET_COUPON_NOT_FOR_PRODUCT', field);
  const uses = await usesOf(tx, coupon.id, input.buyerEmail);
  if ((coupon.maxUses !== null && uses.total >= coupon.maxUses) || (coupon.maxUsesPerBuyer !== null && uses.byBuyer >= coupon.maxUsesPerBuyer)) throw new AppError('MARKET_COUPON_USED_UP', field);
  const discount = coupon.kind === 'percent' ? Math.round((input.listTotalMinor * coupon.percent!) / 100) : Math.min(coupon.amountMinor!, input.listTotalMinor);
  return { coupon, discountMinor: discount };
}
