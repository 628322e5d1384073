import { runUseCase, type RequestContext, type UseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { StripeAccounts } from '../checkout/stripe-accounts.js';
import { marketStorePolicy } from '../market.policy.js';
import { applyRefund } from './apply-refund.js';
import { refundInput, type OrderView, type RefundInput } from './orders.contract.js';
import { insertRefund, linesOf, lockOrder, lockRefund, paymentsOf, refundsOf, settleRefund, type RefundLine } from './orders.repository.js';
import { orderViewOf } from './order-views.js';

/** What may still be given back of each line: its gross less what was refunded or is being refunded. */
async function refundableLines(useCase: UseCase, orderId: string): Promise<Map<string, number>> {
  const pending = (await refundsOf(useCase.tx, orderId)).filter((refund) => refund.status === 'pending');
  const left = new Map((await linesOf(useCase.tx, orderId)).map((line) => [line.id, line.grossMinor - line.refundedMinor]));
  for (const refund of pending) for (const line of refund.lines as RefundLine[]) left.set(line.lineId, (left.get(line.lineId) ?? 0) - line.amountMinor);
  return left;
}

/** Step 1: the refund is checked against what is left and recorded pending (in one transaction, the order locked). */
async function recordPendingRefund(useCase: UseCase, orderId: string, input: RefundInput) {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const fields = refundInput.parse(input);
  const order = await lockOrder(useCase.tx, orderId);
  if (!order) throw new AppError('MARKET_ORDER_NOT_FOUND', [{ field: 'id', value: orderId }]);
  if (order.status !== 'paid' && order.status !== 'partially_refunded') throw new AppError('MARKET_ORDER_STATE', [{ field: 'status', value: order.status }]);
  const left = await refundableLines(useCase, orderId);
  const lines: RefundLine[] = fields.lines ?? [...left].filter(([, amount]) => amount > 0).map(([lineId, amountMinor]) => ({ lineId, amountMinor }));
  const refused = lines.flatMap((line, index) => {
    const available = left.get(line.lineId);
    if (available === undefined) return [{ field: `lines.${index}.lineId`, value: line.lineId }];
    return line.amountMinor > available ? [{ field: `lines.${index}.amountMinor`, value: `${String(line.amountMinor)} > ${String(Math.max(available, 0))}` }] : [];
  });
  if (refused.length > 0) throw new AppError('MARKET_REFUND_TOO_LARGE', refused);
  const amountMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  if (amountMinor === 0) throw new AppError('MARKET_REFUND_TOO_LARGE', [{ field: 'lines', value: '0' }]);
  const payment = (await paymentsOf(useCase.tx, orderId)).find((p) => p.status === 'succeeded' || p.status === 'disputed');
  const refundId = await insertRefund(useCase.tx, { orderId, kind: 'refund', status: 'pending', amountMinor, lines, reason: fields.reason, createdBy: useCase.user.id });
  return { refundId, lines, amountMinor, provider: order.provider, paymentIntentId: payment?.providerPaymentId ?? null };
}

/**
 * A seller's refund, whole or per line: recorded pending, then (for card payments) asked of Stripe
 * with the refund's id as idempotency key, then applied: lines refunded in full lose their access,
 * exactly those. A refund Stripe refuses is marked failed and changes nothing else. Bank transfers
 * and free orders are refunded outside the store; the record and its effects are the same.
 */
export async function refundOrder(db: Db, stripe: StripeAccounts, context: RequestContext, orderId: string, input: RefundInput): Promise<OrderView> {
  const pending = await runUseCase(db, context, (useCase) => recordPendingRefund(useCase, orderId, input));
  let providerRefundId: string | null = null;
  if (pending.provider === 'stripe') {
    const gateway = await stripe.gatewayOf(context.tenant.id);
    try {
      if (!gateway || !pending.paymentIntentId) throw new Error('no Stripe payment to refund');
      providerRefundId = (await gateway.refund({ paymentIntentId: pending.paymentIntentId, amountMinor: pending.amountMinor, refundId: pending.refundId, orderId })).providerRefundId;
    } catch {
      await runUseCase(db, context, (useCase) => settleRefund(useCase.tx, pending.refundId, 'failed', null));
      throw new AppError('MARKET_PROVIDER_UNAVAILABLE');
    }
  }
  return runUseCase(db, context, async (useCase) => {
    const refund = await lockRefund(useCase.tx, pending.refundId);
    if (refund?.status === 'pending') {
      await settleRefund(useCase.tx, pending.refundId, 'succeeded', providerRefundId);
      await applyRefund(useCase.tx, { orderId, lines: pending.lines, kind: 'refund', refundId: pending.refundId, actorUserId: useCase.user.id });
    }
    const order = (await lockOrder(useCase.tx, orderId))!;
    return orderViewOf(order, await linesOf(useCase.tx, orderId), await refundsOf(useCase.tx, orderId));
  });
}
