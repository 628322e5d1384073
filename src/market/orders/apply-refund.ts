import { insertAuditEvent } from '../../platform/audit/index.js';
import type { Orm } from '../../platform/db/index.js';
import { issueCreditNote } from '../invoices/issue-invoice.js';
import { fitSeatPack } from '../seats/seat-packs.js';
import { revokeGrants } from './line-access.js';
import { assertOrderMay } from './order-states.js';
import { addRefunded, linesOf, liveGrantsOf, lockOrder, setOrderStatus, type RefundLine } from './orders.repository.js';

/**
 * The effect of money given back, in the caller's transaction: the lines and the order record it,
 * the order becomes partially refunded or refunded (or charged back), and every line now refunded
 * in full loses its access in Learn, and only those; a seat pack loses the seats refunded. A
 * chargeback ends every line's access whatever the amounts.
 */
export async function applyRefund(tx: Orm, refund: { orderId: string; lines: RefundLine[]; kind: 'refund' | 'chargeback'; refundId: string; actorUserId?: string | null }): Promise<void> {
  const order = await lockOrder(tx, refund.orderId);
  if (!order) return;
  await addRefunded(tx, order.id, refund.lines);
  const lines = await linesOf(tx, order.id);
  const refunded = lines.reduce((sum, line) => sum + line.refundedMinor, 0);
  const status = refund.kind === 'chargeback' ? 'charged_back' : refunded >= order.grossMinor ? 'refunded' : 'partially_refunded';
  assertOrderMay(order.status, status);
  await setOrderStatus(tx, order.id, status);
  // A seat pack shrinks by the seats refunded (its last-given seats go first); other lines end when refunded in full.
  for (const line of lines.filter((l) => l.seatPack)) await fitSeatPack(tx, line, refund.kind === 'chargeback');
  const revokedLines = (refund.kind === 'chargeback' ? lines : lines.filter((line) => line.refundedMinor >= line.grossMinor)).filter((line) => !line.seatPack);
  const grants = await liveGrantsOf(tx, revokedLines.map((line) => line.id));
  await revokeGrants(tx, grants.map((grant) => grant.id), refund.kind === 'chargeback' ? 'charged_back' : 'refunded');
  await insertAuditEvent(tx, {
    action: refund.kind === 'chargeback' ? 'market.order_charged_back' : 'market.order_refunded',
    actorUserId: refund.actorUserId ?? null,
    targetType: 'market_order',
    targetId: order.id,
    details: { reference: order.reference, refundId: refund.refundId, lines: refund.lines, status, accessEnded: grants.length },
  });
  await issueCreditNote(tx, refund.refundId);
}
