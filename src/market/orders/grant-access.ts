import type { Orm } from '../../platform/db/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { accountForBuyer } from '../../platform/identity/index.js';
import { onEvent } from '../../platform/events/index.js';
import { openSeatPack } from '../seats/seat-packs.js';
import { marketOrderPaid, marketOrderReleased } from './order-events.js';
import { grantLineAccess } from './line-access.js';
import { findOrder, linesOf, setOrderStatus } from './orders.repository.js';

/** The job that tells the buyer their purchase is ready (after the transaction that granted it). */
export const MARKET_PURCHASE_MAIL = 'market.purchase_mail';

/**
 * Grants a paid order's access, in the transaction that records the event was handled: the buyer's
 * account (made or linked by e-mail), then each course of each line the buyer's own, in Learn at
 * once. Seat packs give seats to assign instead. Access for N days counts from the payment.
 */
export async function grantOrderAccess(tx: Orm, orderId: string): Promise<void> {
  const order = await findOrder(tx, orderId);
  if (!order || (order.status !== 'paid' && order.status !== 'awaiting_transfer')) return;
  const account = await accountForBuyer(tx, { email: order.buyerEmail, firstName: order.buyerFirstName, lastName: order.buyerLastName, language: order.language });
  if (order.buyerUserId !== account.userId) await setOrderStatus(tx, order.id, order.status, { buyerUserId: account.userId });
  const from = order.paidAt ?? new Date();
  let granted = 0;
  for (const line of await linesOf(tx, order.id)) {
    if (line.seatPack) {
      // A company's seats: the pack opens; its buyer gives the seats to employees (seats.service.ts).
      await openSeatPack(tx, order, line);
      continue;
    }
    granted += await grantLineAccess(tx, line, account.userId, from);
  }
  // Access let through before a bank transfer was told then; the payment arriving later tells nothing new.
  if (granted === 0 && order.status === 'paid' && order.provider === 'invoice') return;
  await enqueueJob(tx, { kind: MARKET_PURCHASE_MAIL, payload: { orderId: order.id, passwordToken: account.passwordToken ?? null }, maxAttempts: 10 });
}

export const grantAccessOnPayment = onEvent({
  name: 'market.grant_access_on_payment',
  on: marketOrderPaid,
  handle: (event, tx) => grantOrderAccess(tx, event.data.orderId),
});


export const grantAccessOnRelease = onEvent({
  name: 'market.grant_access_on_release',
  on: marketOrderReleased,
  handle: (event, tx) => grantOrderAccess(tx, event.data.orderId),
});
