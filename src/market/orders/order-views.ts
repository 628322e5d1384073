import type { OrderView } from './orders.contract.js';
import type { OrderLineRow, OrderRow, RefundRow } from './orders.repository.js';

export function orderSummaryOf(order: OrderRow): Omit<OrderView, 'lines' | 'refunds'> {
  return {
    id: order.id,
    reference: order.reference,
    status: order.status,
    provider: order.provider,
    buyer: { email: order.buyerEmail, firstName: order.buyerFirstName, lastName: order.buyerLastName, company: order.buyerCompany, country: order.buyerCountry, vatId: order.buyerVatId, vatStatus: order.buyerVatStatus },
    currency: order.currency,
    netMinor: order.netMinor,
    vatMinor: order.vatMinor,
    grossMinor: order.grossMinor,
    refundedMinor: order.refundedMinor,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
  };
}

export function orderViewOf(order: OrderRow, lines: OrderLineRow[], refunds: RefundRow[]): OrderView {
  return {
    ...orderSummaryOf(order),
    lines: lines.map((line) => ({
      id: line.id,
      title: line.title,
      quantity: line.quantity,
      seatPack: line.seatPack,
      unitPriceMinor: line.unitPriceMinor,
      netMinor: line.netMinor,
      vatMinor: line.vatMinor,
      grossMinor: line.grossMinor,
      vatRateBasisPoints: line.vatRateBasisPoints,
      taxRule: line.taxRule,
      taxCountry: line.taxCountry,
      refundedMinor: line.refundedMinor,
      accessDays: line.accessDays,
    })),
    refunds: refunds.map((refund) => ({ id: refund.id, kind: refund.kind, status: refund.status, amountMinor: refund.amountMinor, reason: refund.reason, createdAt: refund.createdAt.toISOString() })),
  };
}
