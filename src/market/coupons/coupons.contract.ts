import { z } from 'zod';
import { MARKET_CURRENCIES, MAX_AMOUNT_MINOR } from '../money.js';

/**
 * A coupon as the seller writes it: a code buyers type (letters, digits, dashes; compared in upper
 * case), a percentage or an amount off (in one currency), the products it applies to (none: all),
 * when it is valid, and how often it may be used in all and per buyer (by e-mail address).
 */
export const couponInput = z
  .object({
    code: z.string().trim().min(3).max(40).regex(/^[A-Za-z0-9-]+$/).transform((code) => code.toUpperCase()),
    kind: z.enum(['percent', 'amount']),
    percent: z.number().int().min(1).max(100).nullable().default(null),
    amountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR).nullable().default(null),
    currency: z.enum(MARKET_CURRENCIES).nullable().default(null),
    productIds: z.array(z.uuid()).max(200).default([]),
    validFrom: z.iso.datetime({ offset: true }).nullable().default(null),
    validUntil: z.iso.datetime({ offset: true }).nullable().default(null),
    maxUses: z.number().int().min(1).max(1_000_000).nullable().default(null),
    maxUsesPerBuyer: z.number().int().min(1).max(1000).nullable().default(1),
    active: z.boolean().default(true),
  })
  .refine((c) => (c.kind === 'percent' ? c.percent !== null && c.amountMinor === null : c.amountMinor !== null && c.currency !== null && c.percent === null), {
    message: 'a percent coupon has a percent; an amount coupon an amount and its currency',
    path: ['kind'],
  })
  .refine((c) => !c.validFrom || !c.validUntil || new Date(c.validFrom) < new Date(c.validUntil), { message: 'must end after it starts', path: ['validUntil'] });
export type CouponInput = z.input<typeof couponInput>;
export type CouponFields = z.output<typeof couponInput>;

export const couponView = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(['percent', 'amount']),
  percent: z.number().nullable(),
  amountMinor: z.number().nullable(),
  currency: z.string().nullable(),
  productIds: z.array(z.uuid()),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  maxUses: z.number().nullable(),
  maxUsesPerBuyer: z.number().nullable(),
  active: z.boolean(),
  /** Orders placed with it that were not cancelled. */
  uses: z.number().int(),
  createdAt: z.string(),
});
export type CouponView = z.infer<typeof couponView>;
export const couponListView = z.object({ coupons: z.array(couponView) });
