import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import { publishEvent } from '../../platform/events/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { MARKET_CARD_EVIDENCE } from '../checkout/card-evidence.js';
import { assertOrderMay } from './order-states.js';
import { marketOrderPaid } from './order-events.js';
import { lockOrder, setOrderPaid } from './orders.repository.js';

export interface OrderPayment {
  orderId: string;
  paymentId: string;
  providerPaymentId: string | null;
  via: 'stripe' | 'free' | 'seller';
  actorUserId?: string;
}

/**
 * Records that an order is paid, in the caller's transaction (the one that records the provider's
 * event): the payment succeeded, the order is paid, and `market.order.paid` is published, whose
 * handlers grant the access and issue the invoice, each in a transaction of its own after this one
 * (so the site's invoice numbers, taken one at a time, never hold up a payment). Returns false when
 * the order was paid already (nothing happens again).
 */
export async function markOrderPaid(tx: Orm, paid: OrderPayment): Promise<boolean> {
  const order = await lockOrder(tx, paid.orderId);
  if (!order) return false;
  if (order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded' || order.status === 'charged_back') return false;
  assertOrderMay(order.status, 'paid');
  await setOrderPaid(tx, { orderId: order.id, paymentId: paid.paymentId, providerPaymentId: paid.providerPaymentId, at: new Date() });
  await publishEvent(tx, marketOrderPaid, { orderId: order.id });
  // The paying card's country, the second piece of location evidence, is asked of Stripe after the answer.
  if (paid.via === 'stripe' && paid.providerPaymentId) await enqueueJob(tx, { kind: MARKET_CARD_EVIDENCE, payload: { orderId: order.id, paymentIntentId: paid.providerPaymentId }, maxAttempts: 5 });
  await insertAuditEvent(tx, {
    action: 'market.order_paid',
    actorUserId: paid.actorUserId ?? null,
    targetType: 'market_order',
    targetId: order.id,
    details: { reference: order.reference, via: paid.via, grossMinor: order.grossMinor, currency: order.currency, providerPaymentId: paid.providerPaymentId },
  });
  return true;
}
