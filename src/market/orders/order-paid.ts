import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import { publishEvent } from '../../platform/events/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { MARKET_CARD_EVIDENCE } from '../checkout/card-evidence.js';
import { issueInvoice } from '../invoices/issue-invoice.js';
import { assertOrderMay } from './order-states.js';
import { marketOrderPaid } from './order-events.js';
import { lockOrder, setOrderPaid, type OrderRow } from './orders.repository.js';

export interface OrderPayment {
  orderId: string;
  paymentId: string;
  providerPaymentId: string | null;
  via: 'stripe' | 'free' | 'seller';
  actorUserId?: string;
}

/**
 * Records that an order is paid, in the caller's transaction (the one that records the provider's
 * event), all but its invoice: the payment succeeded, the order is paid, and `market.order.paid` is
 * published, whose handler grants the access. Returns the order as it was locked, or null when it
 * was paid already (nothing happens again). The caller then issues the invoice with
 * invoicePaidOrder in the same transaction; markOrderPaid does both.
 */
export async function recordOrderPaid(tx: Orm, paid: OrderPayment): Promise<OrderRow | null> {
  const order = await lockOrder(tx, paid.orderId);
  if (!order) return null;
  if (order.status === 'paid' || order.status === 'partially_refunded' || order.status === 'refunded' || order.status === 'charged_back') return null;
  assertOrderMay(order.status, 'paid', order.id);
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
  return order;
}

/**
 * The invoice of an order recordOrderPaid has just recorded as paid. It takes the site's next
 * invoice number, whose lock is held until the transaction ends and makes the site's other payments
 * wait, so it is best the transaction's last statement.
 */
export async function invoicePaidOrder(tx: Orm, order: OrderRow): Promise<void> {
  // A bank transfer's invoice was issued when the order was placed.
  if (order.provider !== 'invoice') await issueInvoice(tx, order.id);
}

/** recordOrderPaid, then invoicePaidOrder: true when the order became paid now, false when it was paid already. */
export async function markOrderPaid(tx: Orm, paid: OrderPayment): Promise<boolean> {
  const order = await recordOrderPaid(tx, paid);
  if (!order) return false;
  await invoicePaidOrder(tx, order);
  return true;
}

