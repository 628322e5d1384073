import { z } from 'zod';
import { MARKET_CURRENCIES, MAX_AMOUNT_MINOR } from '../money.js';
import { PRODUCT_KINDS, PRODUCT_STATUSES } from './catalogue.schema.js';

const price = z.object({ currency: z.enum(MARKET_CURRENCIES), amountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR) });

/** A product as the seller writes it. Prices are whole minor units (cents), each currency once. */
export const productInput = z.object({
  slug: z.string().trim().min(1).max(80).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  kind: z.enum(PRODUCT_KINDS),
  status: z.enum(PRODUCT_STATUSES).default('draft'),
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(300).default(''),
  description: z.string().trim().max(20_000).default(''),
  instructorName: z.string().trim().max(200).default(''),
  instructorBio: z.string().trim().max(2000).default(''),
  accessDays: z.number().int().min(1).max(36_500).nullable().default(null),
  free: z.boolean().default(false),
  seatPacks: z.boolean().default(false),
  language: z.string().trim().min(2).max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/).nullable().default(null),
  courseIds: z.array(z.uuid()).min(1).max(50),
  previewCourseId: z.uuid().nullable().default(null),
  prices: z
    .array(price)
    .max(MARKET_CURRENCIES.length)
    .refine((prices) => new Set(prices.map((p) => p.currency)).size === prices.length, { message: 'may name each currency once' })
    .default([]),
});
export type ProductInput = z.input<typeof productInput>;
export type ProductFields = z.output<typeof productInput>;

export const productView = z.object({
  id: z.uuid(),
  slug: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  status: z.enum(PRODUCT_STATUSES),
  title: z.string(),
  summary: z.string(),
  description: z.string(),
  instructorName: z.string(),
  instructorBio: z.string(),
  accessDays: z.number().nullable(),
  free: z.boolean(),
  seatPacks: z.boolean(),
  language: z.string().nullable(),
  courseIds: z.array(z.uuid()),
  previewCourseId: z.uuid().nullable(),
  prices: z.array(z.object({ currency: z.string(), amountMinor: z.number() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof productView>;
export const productListView = z.object({ products: z.array(productView) });
