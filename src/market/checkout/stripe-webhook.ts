import type Stripe from 'stripe';
import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Db, Orm } from '../../platform/db/index.js';
import type { ErrorCode } from '../../platform/http/index.js';
import { markOrderCancelled } from '../orders/order-cancelled.js';
import { markOrderPaid } from '../orders/order-paid.js';
import { claimProviderEvent, lockPayment, lockPaymentByCheckout, paymentsOf, setProviderEventOutcome, type PaymentRow } from '../orders/orders.repository.js';
import { handleStripeRefundEvent } from '../orders/stripe-refund-events.js';
import type { StripeAccounts } from './stripe-accounts.js';

/** What a delivery did: an outcome for the record, and a refusal code when it is answered as an error. */
export interface WebhookOutcome {
  outcome: string;
  refusal?: ErrorCode;
  orderId?: string | null;
}

export interface WebhookClient {
  ip: string;
  requestId: string;
}

/** The payment a checkout session belongs to: by its id, or by the order it names (a buyer may pay before the session's id is stored). */
async function paymentOfSession(tx: Orm, session: Stripe.Checkout.Session): Promise<PaymentRow | undefined> {
  const byId = await lockPaymentByCheckout(tx, 'stripe', session.id);
  if (byId) return byId;
  const orderId = session.client_reference_id;
  if (!orderId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(orderId)) return undefined;
  const payment = (await paymentsOf(tx, orderId)).find((p) => p.provider === 'stripe' && p.providerCheckoutId === null);
  return payment ? lockPayment(tx, payment.id) : undefined;
}

const idOf = (value: string | { id: string } | null): string | null => (value === null ? null : typeof value === 'string' ? value : value.id);

/** A completed (or, for slow methods, later succeeded) checkout: the order is paid when the money matches it exactly. */
async function sessionPaid(tx: Orm, session: Stripe.Checkout.Session): Promise<WebhookOutcome> {
  if (session.payment_status !== 'paid') return { outcome: `waiting: payment ${session.payment_status}` };
  const payment = await paymentOfSession(tx, session);
  if (!payment) return { outcome: 'ignored: no order of this store' };
  if (session.amount_total !== payment.amountMinor || (session.currency ?? '').toUpperCase() !== payment.currency) {
    return { outcome: `refused: ${String(session.amount_total)} ${session.currency ?? '?'} paid for ${String(payment.amountMinor)} ${payment.currency}`, refusal: 'MARKET_WEBHOOK_MISMATCH', orderId: payment.orderId };
  }
  // The invoice follows from market.order.paid, after this transaction (invoices/invoice-on-payment.ts).
  const paid = await markOrderPaid(tx, { orderId: payment.orderId, paymentId: payment.id, providerPaymentId: idOf(session.payment_intent), via: 'stripe' });
  return { outcome: paid ? 'paid' : 'ignored: paid already', orderId: payment.orderId };
}

async function sessionExpired(tx: Orm, session: Stripe.Checkout.Session): Promise<WebhookOutcome> {
  const payment = await paymentOfSession(tx, session);
  if (!payment) return { outcome: 'ignored: no order of this store' };
  const cancelled = await markOrderCancelled(tx, payment, 'expired');
  return { outcome: cancelled ? 'cancelled: checkout expired' : `ignored: ${payment.status} payment does not expire`, orderId: payment.orderId };
}

async function effectOf(tx: Orm, event: Stripe.Event): Promise<WebhookOutcome> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return sessionPaid(tx, event.data.object);
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed':
      return sessionExpired(tx, event.data.object);
    case 'charge.refunded':
    case 'charge.dispute.created':
    case 'charge.dispute.closed':
      return handleStripeRefundEvent(tx, event);
    default:
      return { outcome: 'ignored: not an event the store acts on' };
  }
}

/**
 * Handles one webhook delivery of a seller's Stripe account. The signature is checked on the raw
 * bytes (and its age, against replays); a delivery that fails is refused and recorded. The event's
 * id is claimed in the transaction of its effect: a repeated delivery finds it claimed and does
 * nothing, and two deliveries at once wait for each other on the claim.
 */
export async function handleStripeWebhook(db: Db, stripe: StripeAccounts, tenantId: string, rawBody: Buffer, signature: string | undefined, client: WebhookClient): Promise<WebhookOutcome> {
  const gateway = await stripe.gatewayOf(tenantId);
  let event: Stripe.Event;
  try {
    if (!gateway || !signature) throw new Error(gateway ? 'no Stripe-Signature header' : 'no Stripe account connected');
    event = gateway.verifiedEvent(rawBody, signature);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'not verified';
    await db.withTenant(tenantId, (tx) => insertAuditEvent(tx, { action: 'market.webhook_refused', actorIp: client.ip, requestId: client.requestId, targetType: 'market_webhook', targetId: 'stripe', details: { reason, bytes: rawBody.length } }));
    return { outcome: `refused: ${reason}`, refusal: 'MARKET_WEBHOOK_SIGNATURE' };
  }
  return applyStripeEvent(db, tenantId, event, client);
}

/**
 * The effect of an authentic Stripe event (a verified delivery, or one the reconciliation read from
 * Stripe's API), exactly once: its id is claimed in the transaction of its effect.
 */
export async function applyStripeEvent(db: Db, tenantId: string, event: Stripe.Event, client: WebhookClient): Promise<WebhookOutcome> {
  return db.withTenant(tenantId, async (tx) => {
    if (!(await claimProviderEvent(tx, { provider: 'stripe', eventId: event.id, type: event.type }))) return { outcome: 'duplicate: handled before' };
    const result = await effectOf(tx, event);
    await setProviderEventOutcome(tx, 'stripe', event.id, result.outcome, result.orderId ?? null);
    if (result.refusal) {
      await insertAuditEvent(tx, { action: 'market.webhook_refused', actorIp: client.ip, requestId: client.requestId, targetType: 'market_order', targetId: result.orderId ?? null, details: { eventId: event.id, type: event.type, reason: result.outcome } });
    }
    return result;
  });
}
