import Stripe from 'stripe';
import type { MarketConfig } from '../../config.js';

/** What the store asks of Stripe for one order (amounts in minor units, as Stripe takes them). */
export interface CheckoutRequest {
  orderId: string;
  reference: string;
  currency: string;
  /** One entry per order line: its name as the buyer reads it and its gross amount. */
  lines: { name: string; amountMinor: number }[];
  buyerEmail: string;
  language: 'de' | 'en';
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
}

export interface ProviderCheckout {
  checkoutId: string;
  url: string;
}

/** The store's use of one seller's Stripe account, through the official SDK. */
export interface StripeGateway {
  createCheckout(request: CheckoutRequest): Promise<ProviderCheckout>;
  /** The event of a webhook delivery, verified on its raw bytes (signature and age); throws when it does not verify. */
  verifiedEvent(rawBody: Buffer, signature: string): Stripe.Event;
  retrieveCheckout(checkoutId: string): Promise<Stripe.Checkout.Session>;
  /** Gives money of a payment back; the refund's id as Stripe names it. Repeating the call for the same refund gives back nothing more. */
  refund(request: { paymentIntentId: string; amountMinor: number; refundId: string; orderId: string }): Promise<{ providerRefundId: string; status: string }>;
  /** The country of the card that paid (a piece of location evidence), if Stripe knows it. */
  cardCountryOf(paymentIntentId: string): Promise<string | null>;
  /** The account's events since a time, newest first as Stripe lists them (for the reconciliation job). */
  eventsSince(since: Date): AsyncIterable<Stripe.Event>;
}

/** How old a signed webhook may be: Stripe's default tolerance, against replays of a captured delivery. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function stripeGateway(secretKey: string, webhookSecret: string, config: MarketConfig): StripeGateway {
  const api = config.stripeApiUrl;
  const stripe = new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(api ? { host: api.hostname, port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)), protocol: api.protocol === 'https:' ? 'https' : 'http' } : {}),
  });
  return {
    async createCheckout(request) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: request.lines.map((line) => ({ quantity: 1, price_data: { currency: request.currency.toLowerCase(), unit_amount: line.amountMinor, product_data: { name: line.name.slice(0, 250) } } })),
          customer_email: request.buyerEmail,
          client_reference_id: request.orderId,
          metadata: { orderId: request.orderId, reference: request.reference },
          payment_intent_data: { metadata: { orderId: request.orderId, reference: request.reference } },
          locale: request.language,
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          expires_at: Math.floor(request.expiresAt.getTime() / 1000),
        },
        // The same order never opens two checkouts, however often the call is repeated.
        { idempotencyKey: `lectern-checkout-${request.orderId}` },
      );
      if (!session.url) throw new Error(`Stripe answered checkout ${session.id} without a URL`);
      return { checkoutId: session.id, url: session.url };
    },
    verifiedEvent(rawBody, signature) {
      return stripe.webhooks.constructEvent(rawBody, signature, webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
    },
    retrieveCheckout(checkoutId) {
      return stripe.checkout.sessions.retrieve(checkoutId);
    },
    async refund(request) {
      const refund = await stripe.refunds.create(
        { payment_intent: request.paymentIntentId, amount: request.amountMinor, metadata: { refundId: request.refundId, orderId: request.orderId } },
        { idempotencyKey: `lectern-refund-${request.refundId}` },
      );
      return { providerRefundId: refund.id, status: refund.status ?? 'pending' };
    },
    async cardCountryOf(paymentIntentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
      const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      return charge?.payment_method_details?.card?.country ?? null;
    },
    eventsSince(since) {
      return stripe.events.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100 });
    },
  };
}
