import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { AppError } from '../../platform/http/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { couponInput, type CouponInput, type CouponView } from './coupons.contract.js';
import { codeTaken, insertCoupon, listCoupons, updateCoupon, type CouponRow } from './coupons.repository.js';

function couponViewOf(row: CouponRow & { uses: number }): CouponView {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    percent: row.percent,
    amountMinor: row.amountMinor,
    currency: row.currency,
    productIds: row.productIds,
    validFrom: row.validFrom?.toISOString() ?? null,
    validUntil: row.validUntil?.toISOString() ?? null,
    maxUses: row.maxUses,
    maxUsesPerBuyer: row.maxUsesPerBuyer,
    active: row.active,
    uses: row.uses,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function couponsOfStore(useCase: UseCase): Promise<CouponView[]> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  return (await listCoupons(useCase.tx)).map(couponViewOf);
}

export async function createCoupon(useCase: UseCase, input: CouponInput): Promise<CouponView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const fields = couponInput.parse(input);
  const id = await insertCoupon(useCase.tx, fields);
  if (!id) throw new AppError('MARKET_COUPON_CODE_TAKEN', [{ field: 'code', value: fields.code }]);
  await insertActorEvent(useCase.tx, useCase, 'market.coupon_changed', { type: 'market_coupon', id }, { code: fields.code, created: true });
  return couponViewOf((await listCoupons(useCase.tx, id))[0]!);
}

export async function changeCoupon(useCase: UseCase, id: string, input: CouponInput): Promise<CouponView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const fields = couponInput.parse(input);
  if (!(await listCoupons(useCase.tx, id))[0]) throw new AppError('MARKET_COUPON_NOT_FOUND', [{ field: 'id', value: id }]);
  if (await codeTaken(useCase.tx, fields.code, id)) throw new AppError('MARKET_COUPON_CODE_TAKEN', [{ field: 'code', value: fields.code }]);
  await updateCoupon(useCase.tx, id, fields);
  await insertActorEvent(useCase.tx, useCase, 'market.coupon_changed', { type: 'market_coupon', id }, { code: fields.code, active: fields.active });
  return couponViewOf((await listCoupons(useCase.tx, id))[0]!);
}
