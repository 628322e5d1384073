import { timingSafeEqual } from 'node:crypto';
import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Db } from '../../platform/db/index.js';
import { publishEvent } from '../../platform/events/index.js';
import { AppError } from '../../platform/http/index.js';
import { hashLinkToken } from '../../platform/identity/index.js';
import { markOrderPaid } from '../orders/order-paid.js';
import { marketOrderReleased } from '../orders/order-events.js';
import { lockOrder, paymentsOf, setOrderEmailConfirmed, type OrderRow } from '../orders/orders.repository.js';

/** How long the mailed link confirms an order. */
export const CONFIRMATION_VALID_MS = 7 * 24 * 60 * 60_000;

/**
 * Whether an order placed now must wait for its address to be confirmed: one that gives access
 * without money (free, or a bank transfer let through before it arrives), placed without a session.
 * Otherwise anyone could make accounts for, and send mail to, any address by typing it.
 */
export function needsEmailConfirmation(order: { provider: 'stripe' | 'invoice' | 'free'; signedIn: boolean; accessBeforePayment: boolean }): boolean {
  if (order.signedIn) return false;
  return order.provider === 'free' || (order.provider === 'invoice' && order.accessBeforePayment);
}

/** Whether `token` is the order's mailed confirmation token and the link is not older than CONFIRMATION_VALID_MS. */
export function confirmationLinkWorks(order: OrderRow, token: string, now = Date.now()): boolean {
  if (!order.confirmationTokenHash || order.createdAt.getTime() + CONFIRMATION_VALID_MS < now) return false;
  const given = Buffer.from(hashLinkToken(token));
  const stored = Buffer.from(order.confirmationTokenHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * The buyer followed the mailed link: the order's address is theirs. A free order is paid now (its
 * access follows from `market.order.paid`), a bank transfer the seller lets through before payment
 * is released. Using the link again is harmless; a wrong, used or old link is refused.
 */
export async function confirmOrderEmail(db: Db, tenantId: string, orderId: string, token: string, client: { ip: string; userAgent: string | null; requestId: string }): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (order?.emailConfirmedAt) return;
    if (!order || !confirmationLinkWorks(order, token)) throw new AppError('MARKET_CONFIRMATION_INVALID', [{ field: 'token', value: '' }]);
    await setOrderEmailConfirmed(tx, order.id, new Date());
    await insertAuditEvent(tx, { action: 'market.order_email_confirmed', actorIp: client.ip, userAgent: client.userAgent, requestId: client.requestId, targetType: 'market_order', targetId: order.id, details: { reference: order.reference } });
    if (order.provider === 'free' && order.status === 'pending') {
      const [payment] = await paymentsOf(tx, order.id);
      if (payment) await markOrderPaid(tx, { orderId: order.id, paymentId: payment.id, providerPaymentId: null, via: 'free' });
    } else if (order.provider === 'invoice' && order.status === 'awaiting_transfer') {
      await publishEvent(tx, marketOrderReleased, { orderId: order.id });
    }
  });
}
