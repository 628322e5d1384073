import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { UseCase } from '../../platform/access/index.js';
import { AppError } from '../../platform/http/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { markOrderPaid } from './order-paid.js';
import { addLocationEvidence } from './order-evidence.js';
import { transferReceivedInput, type OrderView, type TransferReceivedInput } from './orders.contract.js';
import { findOrder, linesOf, listOrders, lockOrder, ordersOfBuyer, paymentsOf, refundsOf } from './orders.repository.js';
import { orderSummaryOf, orderViewOf } from './order-views.js';
import type { OrderStatus } from './orders.schema.js';

export async function ordersOfStore(useCase: UseCase, filter: { status?: OrderStatus | undefined; search?: string | undefined; limit: number; offset: number }) {
  marketStorePolicy.assert(useCase.actor, 'manage');
  return (await listOrders(useCase.tx, filter)).map(orderSummaryOf);
}

async function fullOrder(useCase: UseCase, orderId: string): Promise<OrderView> {
  const order = await findOrder(useCase.tx, orderId);
  if (!order) throw new AppError('MARKET_ORDER_NOT_FOUND', [{ field: 'id', value: orderId }]);
  return orderViewOf(order, await linesOf(useCase.tx, orderId), await refundsOf(useCase.tx, orderId));
}

export async function orderOfStore(useCase: UseCase, orderId: string): Promise<OrderView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  return fullOrder(useCase, orderId);
}

/**
 * The seller saw a bank transfer arrive: the order is paid, and its access granted. The payer's
 * IBAN, when the seller gives it, adds the country of the payer's bank to the sale's location
 * evidence (the second piece besides the billing address; card payments have the card's country).
 */
export async function markTransferReceived(useCase: UseCase, orderId: string, input: TransferReceivedInput = {}): Promise<OrderView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  // The route takes any body (none, from older clients): its one field is checked here.
  const parsed = transferReceivedInput.safeParse(input);
  if (!parsed.success) throw new AppError('MARKET_IBAN_INVALID', [{ field: 'payerIban', value: '' }]);
  const { payerIban } = parsed.data;
  const iban = electronicFormatIBAN(payerIban) ?? '';
  if (payerIban !== '' && !isValidIBAN(iban)) throw new AppError('MARKET_IBAN_INVALID', [{ field: 'payerIban', value: payerIban }]);
  const order = await lockOrder(useCase.tx, orderId);
  if (!order) throw new AppError('MARKET_ORDER_NOT_FOUND', [{ field: 'id', value: orderId }]);
  const payment = (await paymentsOf(useCase.tx, orderId)).find((p) => p.provider === 'invoice');
  if (!payment || (order.status !== 'awaiting_transfer' && order.status !== 'pending')) throw new AppError('MARKET_ORDER_STATE', [{ field: 'status', value: order.status }]);
  await markOrderPaid(useCase.tx, { orderId, paymentId: payment.id, providerPaymentId: null, via: 'seller', actorUserId: useCase.user.id });
  // Only the country is kept: the account number is the payer's, not evidence the store needs.
  if (iban !== '') await addLocationEvidence(useCase.tx, orderId, { kind: 'bank_country', country: iban.slice(0, 2) });
  return fullOrder(useCase, orderId);
}

/** "My purchases": the signed-in buyer's orders with their lines; nobody else's. */
export async function myOrders(useCase: UseCase): Promise<OrderView[]> {
  marketStorePolicy.assert(useCase.actor, 'purchases');
  const orders = await ordersOfBuyer(useCase.tx, useCase.user.id);
  return Promise.all(orders.map(async (order) => orderViewOf(order, await linesOf(useCase.tx, order.id), await refundsOf(useCase.tx, order.id))));
}
