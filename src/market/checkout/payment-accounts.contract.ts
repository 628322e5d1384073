import { z } from 'zod';

/** A Stripe secret (or restricted) key and the signing secret of the webhook endpoint the seller registered. */
export const stripeAccountInput = z.object({
  secretKey: z.string().trim().regex(/^(sk|rk)_(live|test)_[A-Za-z0-9]{10,200}$/),
  webhookSecret: z.string().trim().regex(/^whsec_[A-Za-z0-9+/=_-]{10,200}$/),
});
export type StripeAccountInput = z.input<typeof stripeAccountInput>;

export const paymentAccountsView = z.object({
  stripe: z.object({
    connected: z.boolean(),
    /** `sk_test_…abcd`. */
    keyHint: z.string().nullable(),
    changedAt: z.string().nullable(),
    /** Where to point the webhook endpoint in Stripe's dashboard. */
    webhookUrl: z.string(),
  }),
});
export type PaymentAccountsView = z.infer<typeof paymentAccountsView>;
