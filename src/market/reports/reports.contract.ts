import { z } from 'zod';
import { MARKET_CURRENCIES } from '../money.js';

const day = z.iso.date();

/** Which sales a report covers: paid orders (paid at) in [from, to], in one currency (amounts of different currencies are never added). */
export const salesQuery = z.object({
  from: day,
  to: day,
  currency: z.enum(MARKET_CURRENCIES).default('EUR'),
  groupBy: z.enum(['day', 'week', 'month']).default('month'),
});
export type SalesQuery = z.input<typeof salesQuery>;

/** The CSV export's query: the same sales, one row per order line (no grouping). */
export const salesExportQuery = salesQuery.omit({ groupBy: true });
export type SalesExportQuery = z.input<typeof salesExportQuery>;

const money = { grossMinor: z.number().int(), netMinor: z.number().int(), vatMinor: z.number().int(), refundedMinor: z.number().int() };

/**
 * The sales of a range. Days are UTC days. `grossMinor`, `netMinor` and `vatMinor` are what was sold;
 * `refundedMinor` is the gross given back of those sales (refunds and chargebacks, whenever they
 * happened: a refund counts in the period of its sale). `byPeriod` has every period of the range, in
 * order, zero when nothing was sold: a day or a week as the date of its first day (weeks start on
 * Monday, so the first may begin before `from`), a month as `YYYY-MM`.
 */
export const salesReportView = z.object({
  currency: z.string(),
  from: z.string(),
  to: z.string(),
  totals: z.object({ orders: z.number().int(), ...money }),
  byPeriod: z.array(z.object({ period: z.string(), orders: z.number().int(), ...money })),
  byProduct: z.array(z.object({ productId: z.string().nullable(), title: z.string(), orders: z.number().int(), quantity: z.number().int(), ...money })),
  byCountry: z.array(z.object({ country: z.string(), orders: z.number().int(), ...money })),
  /** The VAT owed per country and rate (the OSS return's lines), net of refunds. */
  vatByCountry: z.array(z.object({ country: z.string().nullable(), rule: z.string(), rateBasisPoints: z.number().int(), netMinor: z.number().int(), vatMinor: z.number().int() })),
  coupons: z.array(z.object({ code: z.string(), uses: z.number().int(), discountMinor: z.number().int() })),
  /** What the seller keeps: money taken less refunds, by provider (Stripe's own fees are not known here). */
  payout: z.object({
    grossMinor: z.number().int(),
    refundedMinor: z.number().int(),
    /** The VAT still owed on what was kept (the VAT of the refunds taken off). */
    vatMinor: z.number().int(),
    /** gross - refunded - VAT owed. */
    keptNetMinor: z.number().int(),
    byProvider: z.array(z.object({ provider: z.string(), grossMinor: z.number().int(), refundedMinor: z.number().int() })),
  }),
});
export type SalesReportView = z.infer<typeof salesReportView>;
