import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import { deleteRedemptionOf } from '../coupons/coupons.repository.js';
import { orderMay, paymentMay } from './order-states.js';
import { lockOrder, setOrderStatus, setPaymentStatus, type PaymentRow } from './orders.repository.js';

/**
 * An open payment that ends without money (the checkout expired or failed): the payment is marked
 * so, and its order cancelled while it is still pending. Returns false when neither may move (a
 * paid order is never cancelled by a late expiry).
 */
export async function markOrderCancelled(tx: Orm, payment: PaymentRow, why: 'expired' | 'failed'): Promise<boolean> {
  if (!paymentMay(payment.status, why)) return false;
  await setPaymentStatus(tx, payment.id, why);
  const order = await lockOrder(tx, payment.orderId);
  if (!order || !orderMay(order.status, 'cancelled')) return true;
  await setOrderStatus(tx, order.id, 'cancelled');
  await deleteRedemptionOf(tx, order.id);
  await insertAuditEvent(tx, { action: 'market.order_cancelled', targetType: 'market_order', targetId: order.id, details: { reference: order.reference, why } });
  return true;
}
