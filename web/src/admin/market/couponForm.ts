// The coupon editor's values and the coupon the API is sent, free of React so they can be
// unit-tested in Node. Days are the seller's local days: valid from the start of the first to the
// end of the last.
import { dateInputFromDueAt, dueAtFromDateInput } from '../enrolments/dueDate';
import { amountText, isCurrency, readAmount, type AmountProblem, type Currency } from './amounts';
import type { CouponInput, CouponView } from './market.api';

export const CODE_PATTERN = /^[A-Za-z0-9-]{3,40}$/;
export const USES = { max: 1_000_000, perBuyerMax: 1000 } as const;

export interface CouponFormValues {
  code: string;
  kind: 'percent' | 'amount';
  percent: number | string;
  amount: string;
  currency: Currency;
  productIds: string[];
  validFrom: string;
  validUntil: string;
  maxUses: number | string;
  maxUsesPerBuyer: number | string;
  active: boolean;
}

export type CouponProblem = AmountProblem | 'code' | 'percent' | 'count' | 'order';
export type CouponProblems = Record<string, CouponProblem>;

export function couponFormOf(coupon: CouponView | undefined, language: string): CouponFormValues {
  const currency = coupon?.currency && isCurrency(coupon.currency) ? coupon.currency : 'EUR';
  return {
    code: coupon?.code ?? '',
    kind: coupon?.kind ?? 'percent',
    percent: coupon?.percent ?? '',
    amount: coupon?.amountMinor ? amountText(coupon.amountMinor, currency, language) : '',
    currency,
    productIds: coupon?.productIds ?? [],
    validFrom: dateInputFromDueAt(coupon?.validFrom ?? null),
    validUntil: dateInputFromDueAt(coupon?.validUntil ?? null),
    maxUses: coupon?.maxUses ?? '',
    maxUsesPerBuyer: coupon ? (coupon.maxUsesPerBuyer ?? '') : 1,
    active: coupon?.active ?? true,
  };
}

/** The start of a local day (YYYY-MM-DD) as an instant; null for an empty field. */
export function startOfDay(value: string): string | null {
  const end = dueAtFromDateInput(value);
  if (!end) return null;
  const start = new Date(end);
  start.setHours(0, 0, 0, 0);
  return start.toISOString();
}

/** A whole number in [min, max] from a number field; '' is "no limit" (null); undefined: not such a number. */
function readCount(value: number | string, min: number, max: number): number | null | undefined {
  if (value === '' || (typeof value === 'string' && value.trim() === '')) return null;
  const count = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(count) && count >= min && count <= max ? count : undefined;
}

/** The coupon to send, or what stands in the way, by the API's field names. */
export function couponBody(values: CouponFormValues, language: string): { ok: true; body: CouponInput } | { ok: false; problems: CouponProblems } {
  const problems: CouponProblems = {};
  const code = values.code.trim();
  if (code === '') problems.code = 'required';
  else if (!CODE_PATTERN.test(code)) problems.code = 'code';
  let percent: number | null = null;
  let amountMinor: number | null = null;
  if (values.kind === 'percent') {
    const read = readCount(values.percent, 1, 100);
    if (read === null) problems.percent = 'required';
    else if (read === undefined) problems.percent = 'percent';
    else percent = read;
  } else {
    const read = readAmount(values.amount, values.currency, language);
    if (read.ok) amountMinor = read.minor;
    else problems.amountMinor = read.problem;
  }
  const maxUses = readCount(values.maxUses, 1, USES.max);
  if (maxUses === undefined) problems.maxUses = 'count';
  const maxUsesPerBuyer = readCount(values.maxUsesPerBuyer, 1, USES.perBuyerMax);
  if (maxUsesPerBuyer === undefined) problems.maxUsesPerBuyer = 'count';
  const validFrom = startOfDay(values.validFrom);
  const validUntil = dueAtFromDateInput(values.validUntil);
  if (validFrom && validUntil && new Date(validFrom) >= new Date(validUntil)) problems.validUntil = 'order';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      code: code.toUpperCase(),
      kind: values.kind,
      percent,
      amountMinor,
      currency: values.kind === 'amount' ? values.currency : null,
      productIds: values.productIds,
      validFrom,
      validUntil,
      maxUses: maxUses ?? null,
      maxUsesPerBuyer: maxUsesPerBuyer ?? null,
      active: values.active,
    },
  };
}
