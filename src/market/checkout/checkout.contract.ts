import { z } from 'zod';
import { MARKET_CURRENCIES } from '../money.js';

/**
 * What a buyer sends to check out: which product and how many seats, and who they are. Never a
 * price: prices, taxes and totals are the server's.
 */
export const checkoutInput = z.object({
  productSlug: z.string().trim().min(1).max(80),
  currency: z.enum(MARKET_CURRENCIES).default('EUR'),
  /** 1 for one's own access; the number of seats of a seat pack. */
  quantity: z.coerce.number().int().min(1).max(10_000).default(1),
  seatPack: z.coerce.boolean().default(false),
  email: z.string().trim().max(254).pipe(z.email()).transform((value) => value.toLowerCase()),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  company: z.string().trim().max(200).default(''),
  address: z.string().trim().max(1000).default(''),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/),
  vatId: z.string().trim().max(20).default(''),
  paymentMethod: z.enum(['card', 'bank_transfer']).default('card'),
  couponCode: z.string().trim().max(40).default(''),
  language: z.enum(['de', 'en']).default('en'),
});
export type CheckoutInput = z.input<typeof checkoutInput>;

export const checkoutView = z.object({
  orderId: z.uuid(),
  reference: z.string(),
  status: z.string(),
  /** Where the buyer goes next: the provider's payment page, or the store's order page. */
  redirectUrl: z.string(),
});
export type CheckoutView = z.infer<typeof checkoutView>;
