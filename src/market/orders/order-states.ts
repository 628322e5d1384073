import { AppError } from '../../platform/http/index.js';
import type { OrderStatus, PaymentStatus } from './orders.schema.js';

/**
 * The steps an order may take. A step not listed is refused (MARKET_ORDER_STATE), so an event that
 * arrives late or twice cannot move an order back: a refund never reopens, an expiry never cancels
 * a paid order. A pending or cancelled order may still become paid: money the provider took wins
 * over an expiry that was seen first.
 */
const ORDER_STEPS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled', 'awaiting_transfer'],
  awaiting_transfer: ['paid', 'cancelled'],
  cancelled: ['paid'],
  paid: ['partially_refunded', 'refunded', 'charged_back'],
  partially_refunded: ['partially_refunded', 'refunded', 'charged_back'],
  refunded: [],
  charged_back: [],
};

const PAYMENT_STEPS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  open: ['succeeded', 'expired', 'failed'],
  expired: ['succeeded'],
  failed: ['succeeded'],
  // A dispute's end may arrive before its start: a lost one charges back a succeeded payment.
  succeeded: ['disputed', 'charged_back'],
  disputed: ['succeeded', 'charged_back'],
  charged_back: [],
};

export function orderMay(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_STEPS[from].includes(to);
}

export function paymentMay(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_STEPS[from].includes(to);
}

export function assertOrderMay(from: OrderStatus, to: OrderStatus): void {
  // The field names the order's present state, as the seller sees it on the order's page.
  if (!orderMay(from, to)) throw new AppError('MARKET_ORDER_STATE', [{ field: 'status', value: from }]);
}
