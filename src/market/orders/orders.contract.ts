import { z } from 'zod';
import { ORDER_STATUSES } from './orders.schema.js';

/** A refund as the seller asks for it: how much of which line (none: everything that is left), and why. */
export const refundInput = z.object({
  lines: z
    .array(z.object({ lineId: z.uuid(), amountMinor: z.number().int().min(1).max(100_000_000) }))
    .max(100)
    .refine((lines) => new Set(lines.map((line) => line.lineId)).size === lines.length, { message: 'may name each line once' })
    .optional(),
  reason: z.string().trim().max(500).default(''),
});
export type RefundInput = z.input<typeof refundInput>;

/**
 * The seller saw the money arrive; optionally with the IBAN it came from (on the bank statement),
 * whose country is the sale's second piece of location evidence for VAT. Spaces are allowed.
 */
export const transferReceivedInput = z.object({ payerIban: z.string().trim().max(50).default('') });
export type TransferReceivedInput = z.input<typeof transferReceivedInput>;

export const orderLineView = z.object({
  id: z.uuid(),
  title: z.string(),
  quantity: z.number(),
  seatPack: z.boolean(),
  unitPriceMinor: z.number(),
  netMinor: z.number(),
  vatMinor: z.number(),
  grossMinor: z.number(),
  vatRateBasisPoints: z.number(),
  taxRule: z.string(),
  taxCountry: z.string().nullable(),
  refundedMinor: z.number(),
  accessDays: z.number().nullable(),
});

export const orderView = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(ORDER_STATUSES),
  provider: z.string(),
  buyer: z.object({ email: z.string(), firstName: z.string(), lastName: z.string(), company: z.string().nullable(), country: z.string(), vatId: z.string().nullable(), vatStatus: z.string().nullable() }),
  currency: z.string(),
  netMinor: z.number(),
  vatMinor: z.number(),
  grossMinor: z.number(),
  refundedMinor: z.number(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  lines: z.array(orderLineView),
  refunds: z.array(z.object({ id: z.uuid(), kind: z.string(), status: z.string(), amountMinor: z.number(), reason: z.string(), createdAt: z.string() })),
});
export type OrderView = z.infer<typeof orderView>;

export const orderListQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  search: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const orderSummaryView = orderView.omit({ lines: true, refunds: true });
export const orderListView = z.object({ orders: z.array(orderSummaryView) });
