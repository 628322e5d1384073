import type Stripe from 'stripe';
import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import type { WebhookOutcome } from '../checkout/stripe-webhook.js';
import { applyRefund } from './apply-refund.js';
import { paymentMay } from './order-states.js';
import { insertRefund, linesOf, lockOrder, lockPaymentByProviderPayment, refundsOf, setPaymentStatus, type RefundLine } from './orders.repository.js';

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

/** Every line's whole remaining amount: what a full refund or a chargeback gives back. */
function remainingLines(lines: { id: string; grossMinor: number; refundedMinor: number }[]): RefundLine[] {
  return lines.filter((line) => line.grossMinor > line.refundedMinor).map((line) => ({ lineId: line.id, amountMinor: line.grossMinor - line.refundedMinor }));
}

/**
 * A refund Stripe reports. Refunds made here are recorded when they are made; what the charge
 * reports beyond them was refunded in Stripe's dashboard: recorded too, and when it leaves nothing
 * of the order, all its access ends. A part refunded there names no line, so it ends no access
 * (the seller refunds per line here to do that).
 */
async function chargeRefunded(tx: Orm, charge: Stripe.Charge): Promise<WebhookOutcome> {
  const intentId = idOf(charge.payment_intent);
  const payment = intentId ? await lockPaymentByProviderPayment(tx, 'stripe', intentId) : undefined;
  if (!payment) return { outcome: 'ignored: no payment of this store' };
  const order = await lockOrder(tx, payment.orderId);
  if (!order) return { outcome: 'ignored: no order' };
  const known = (await refundsOf(tx, order.id)).filter((refund) => refund.status !== 'failed').reduce((sum, refund) => sum + refund.amountMinor, 0);
  const outside = charge.amount_refunded - known;
  if (outside <= 0) return { outcome: 'ignored: refunds known', orderId: order.id };
  const lines = await linesOf(tx, order.id);
  const remaining = remainingLines(lines);
  const full = outside >= remaining.reduce((sum, line) => sum + line.amountMinor, 0);
  if (full) {
    const refundId = await insertRefund(tx, { orderId: order.id, kind: 'refund', status: 'succeeded', amountMinor: outside, lines: remaining, reason: 'refunded in the Stripe dashboard', createdBy: null });
    await applyRefund(tx, { orderId: order.id, lines: remaining, kind: 'refund', refundId });
    return { outcome: 'refunded in full from the dashboard: access ended', orderId: order.id };
  }
  // Laid on the lines in order, so the order's sums stay right; no line is ended by it unless it is covered in full.
  let left = outside;
  const laid: RefundLine[] = [];
  for (const line of remaining) {
    const part = Math.min(left, line.amountMinor);
    if (part > 0) laid.push({ lineId: line.lineId, amountMinor: part });
    left -= part;
  }
  const refundId = await insertRefund(tx, { orderId: order.id, kind: 'refund', status: 'succeeded', amountMinor: outside, lines: laid, reason: 'part refunded in the Stripe dashboard', createdBy: null });
  await applyRefund(tx, { orderId: order.id, lines: laid, kind: 'refund', refundId });
  return { outcome: `part refunded from the dashboard (${String(outside)})`, orderId: order.id };
}

async function disputeOpened(tx: Orm, dispute: Stripe.Dispute): Promise<WebhookOutcome> {
  const intentId = idOf(dispute.payment_intent);
  const payment = intentId ? await lockPaymentByProviderPayment(tx, 'stripe', intentId) : undefined;
  if (!payment) return { outcome: 'ignored: no payment of this store' };
  if (!paymentMay(payment.status, 'disputed')) return { outcome: `ignored: a ${payment.status} payment is not disputed`, orderId: payment.orderId };
  await setPaymentStatus(tx, payment.id, 'disputed');
  await insertAuditEvent(tx, { action: 'market.order_charged_back', targetType: 'market_order', targetId: payment.orderId, details: { dispute: dispute.id, status: 'opened', amountMinor: dispute.amount } });
  return { outcome: 'disputed: access kept until the dispute is lost', orderId: payment.orderId };
}

/** A dispute's end: won, the payment stands; lost, the money is gone and so is every access of the order. */
async function disputeClosed(tx: Orm, dispute: Stripe.Dispute): Promise<WebhookOutcome> {
  const intentId = idOf(dispute.payment_intent);
  const payment = intentId ? await lockPaymentByProviderPayment(tx, 'stripe', intentId) : undefined;
  if (!payment) return { outcome: 'ignored: no payment of this store' };
  if (dispute.status === 'won') {
    if (payment.status === 'disputed') await setPaymentStatus(tx, payment.id, 'succeeded');
    return { outcome: 'dispute won', orderId: payment.orderId };
  }
  if (dispute.status !== 'lost') return { outcome: `ignored: dispute ${dispute.status}`, orderId: payment.orderId };
  if (!paymentMay(payment.status, 'charged_back')) return { outcome: `ignored: a ${payment.status} payment is not charged back`, orderId: payment.orderId };
  await setPaymentStatus(tx, payment.id, 'charged_back');
  const taken = remainingLines(await linesOf(tx, payment.orderId));
  const amount = taken.reduce((sum, line) => sum + line.amountMinor, 0);
  // Refunded in full before: the access is gone already, and nothing is left to take back.
  if (amount === 0) return { outcome: 'charged back: refunded before', orderId: payment.orderId };
  const refundId = await insertRefund(tx, { orderId: payment.orderId, kind: 'chargeback', status: 'succeeded', amountMinor: amount, lines: taken, reason: `dispute ${dispute.id} lost`, createdBy: null });
  await applyRefund(tx, { orderId: payment.orderId, lines: taken, kind: 'chargeback', refundId });
  return { outcome: 'charged back: access ended', orderId: payment.orderId };
}

export async function handleStripeRefundEvent(tx: Orm, event: Stripe.Event): Promise<WebhookOutcome> {
  switch (event.type) {
    case 'charge.refunded':
      return chargeRefunded(tx, event.data.object);
    case 'charge.dispute.created':
      return disputeOpened(tx, event.data.object);
    case 'charge.dispute.closed':
      return disputeClosed(tx, event.data.object);
    default:
      return { outcome: 'ignored' };
  }
}
