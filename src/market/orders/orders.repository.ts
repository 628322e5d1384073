import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { containsPattern, queryRows, type Orm } from '../../platform/db/index.js';
import { marketAccessGrants, marketOrderLines, marketOrders, marketPayments, marketProviderEvents, marketRefunds, type OrderStatus, type PaymentProvider, type PaymentStatus } from './orders.schema.js';

export type OrderRow = typeof marketOrders.$inferSelect;
export type OrderLineRow = typeof marketOrderLines.$inferSelect;
export type PaymentRow = typeof marketPayments.$inferSelect;
export type NewOrder = Omit<typeof marketOrders.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;
export type NewOrderLine = Omit<typeof marketOrderLines.$inferInsert, 'id' | 'tenantId' | 'orderId'>;

export async function insertOrder(tx: Orm, order: NewOrder, lines: NewOrderLine[], payment: { provider: PaymentProvider; status: PaymentStatus }): Promise<{ orderId: string; paymentId: string }> {
  const [row] = await tx.insert(marketOrders).values(order).returning({ id: marketOrders.id });
  const orderId = row!.id;
  await tx.insert(marketOrderLines).values(lines.map((line) => ({ ...line, orderId })));
  const [paymentRow] = await tx
    .insert(marketPayments)
    .values({ orderId, provider: payment.provider, status: payment.status, currency: order.currency, amountMinor: order.grossMinor })
    .returning({ id: marketPayments.id });
  return { orderId, paymentId: paymentRow!.id };
}

/** The order, locked against a concurrent change of its state (two events of one order are handled one after the other). */
export async function lockOrder(tx: Orm, id: string): Promise<OrderRow | undefined> {
  const rows = await tx.select().from(marketOrders).where(eq(marketOrders.id, id)).for('update');
  return rows[0];
}

export async function findOrder(tx: Orm, id: string): Promise<OrderRow | undefined> {
  const rows = await tx.select().from(marketOrders).where(eq(marketOrders.id, id));
  return rows[0];
}

export async function linesOf(tx: Orm, orderId: string): Promise<OrderLineRow[]> {
  return tx.select().from(marketOrderLines).where(eq(marketOrderLines.orderId, orderId)).orderBy(asc(marketOrderLines.position));
}

export async function paymentsOf(tx: Orm, orderId: string): Promise<PaymentRow[]> {
  return tx.select().from(marketPayments).where(eq(marketPayments.orderId, orderId)).orderBy(asc(marketPayments.createdAt));
}

export async function lockPaymentByCheckout(tx: Orm, provider: PaymentProvider, checkoutId: string): Promise<PaymentRow | undefined> {
  const rows = await tx
    .select()
    .from(marketPayments)
    .where(and(eq(marketPayments.provider, provider), eq(marketPayments.providerCheckoutId, checkoutId)))
    .for('update');
  return rows[0];
}

export async function lockPayment(tx: Orm, id: string): Promise<PaymentRow | undefined> {
  const rows = await tx.select().from(marketPayments).where(eq(marketPayments.id, id)).for('update');
  return rows[0];
}

/** The payment of a provider's money movement (Stripe: the PaymentIntent), locked. */
export async function lockPaymentByProviderPayment(tx: Orm, provider: PaymentProvider, providerPaymentId: string): Promise<PaymentRow | undefined> {
  const rows = await tx
    .select()
    .from(marketPayments)
    .where(and(eq(marketPayments.provider, provider), eq(marketPayments.providerPaymentId, providerPaymentId)))
    .for('update');
  return rows[0];
}

export async function setPaymentCheckout(tx: Orm, paymentId: string, checkoutId: string, url: string): Promise<void> {
  await tx.update(marketPayments).set({ providerCheckoutId: checkoutId, checkoutUrl: url, updatedAt: new Date() }).where(eq(marketPayments.id, paymentId));
}

export async function setPaymentStatus(tx: Orm, paymentId: string, status: PaymentStatus, providerPaymentId?: string): Promise<void> {
  await tx
    .update(marketPayments)
    .set({ status, updatedAt: new Date(), ...(providerPaymentId ? { providerPaymentId } : {}) })
    .where(eq(marketPayments.id, paymentId));
}

export async function setOrderStatus(tx: Orm, orderId: string, status: OrderStatus, values: { paidAt?: Date; buyerUserId?: string } = {}): Promise<void> {
  await tx
    .update(marketOrders)
    .set({ status, updatedAt: new Date(), ...values })
    .where(eq(marketOrders.id, orderId));
}

/**
 * The payment succeeded and its order is paid, in one statement (one round trip instead of two): the
 * payment's status, with the provider's id of the money movement when one is given, and the order's
 * status and time of payment. The caller holds the order's lock.
 */
export async function setOrderPaid(tx: Orm, paid: { orderId: string; paymentId: string; providerPaymentId: string | null; at: Date }): Promise<void> {
  const at = paid.at.toISOString();
  await tx.execute(sql`with payment as (
        update market_payments set status = 'succeeded', updated_at = ${at}::timestamptz, provider_payment_id = coalesce(${paid.providerPaymentId || null}::text, provider_payment_id)
        where id = ${paid.paymentId}
      )
      update market_orders set status = 'paid', paid_at = ${at}::timestamptz, updated_at = ${at}::timestamptz where id = ${paid.orderId}`);
}

/**
 * Records a provider's event as handled, in the transaction of its effect; false when it was
 * handled before (a repeated delivery: the effect has happened and must not happen twice).
 */
export async function claimProviderEvent(tx: Orm, event: { provider: PaymentProvider; eventId: string; type: string }): Promise<boolean> {
  const rows = await queryRows<{ event_id: string }>(
    tx,
    sql`insert into market_provider_events (provider, event_id, type, outcome) values (${event.provider}, ${event.eventId}, ${event.type}, 'received')
        on conflict (tenant_id, provider, event_id) do nothing returning event_id`,
  );
  return rows.length === 1;
}

export async function setProviderEventOutcome(tx: Orm, provider: PaymentProvider, eventId: string, outcome: string, orderId: string | null): Promise<void> {
  await tx
    .update(marketProviderEvents)
    .set({ outcome: outcome.slice(0, 200), orderId })
    .where(and(eq(marketProviderEvents.provider, provider), eq(marketProviderEvents.eventId, eventId)));
}

export async function insertAccessGrant(tx: Orm, grant: { orderLineId: string; userId: string; courseId: string; endsAt: Date | null }): Promise<string | undefined> {
  const rows = await tx.insert(marketAccessGrants).values(grant).onConflictDoNothing().returning({ id: marketAccessGrants.id });
  return rows[0]?.id;
}

/** A buyer's orders, newest first (pending ones that never went to payment left out). */
export async function ordersOfBuyer(tx: Orm, userId: string): Promise<OrderRow[]> {
  return tx.select().from(marketOrders).where(eq(marketOrders.buyerUserId, userId)).orderBy(desc(marketOrders.createdAt)).limit(500);
}

/** The seller's orders, newest first. */
export async function listOrders(tx: Orm, filter: { status?: OrderStatus | undefined; search?: string | undefined; limit: number; offset: number }): Promise<OrderRow[]> {
  const words = (filter.search ?? '').trim().slice(0, 100);
  const pattern = containsPattern(words);
  return tx
    .select()
    .from(marketOrders)
    .where(
      and(
        filter.status ? eq(marketOrders.status, filter.status) : undefined,
        words ? sql`(${marketOrders.reference} ilike ${pattern} or ${marketOrders.buyerEmail} ilike ${pattern} or ${marketOrders.buyerLastName} ilike ${pattern} or ${marketOrders.buyerCompany} ilike ${pattern})` : undefined,
      ),
    )
    .orderBy(desc(marketOrders.createdAt))
    .limit(filter.limit)
    .offset(filter.offset);
}

export type RefundRow = typeof marketRefunds.$inferSelect;
export interface RefundLine {
  lineId: string;
  amountMinor: number;
}

export async function insertRefund(tx: Orm, refund: { orderId: string; kind: 'refund' | 'chargeback'; status: 'pending' | 'succeeded'; amountMinor: number; lines: RefundLine[]; reason: string; createdBy: string | null; providerRefundId?: string | null }): Promise<string> {
  const [row] = await tx.insert(marketRefunds).values(refund).returning({ id: marketRefunds.id });
  return row!.id;
}

export async function refundsOf(tx: Orm, orderId: string): Promise<RefundRow[]> {
  return tx.select().from(marketRefunds).where(eq(marketRefunds.orderId, orderId)).orderBy(asc(marketRefunds.createdAt));
}

export async function lockRefund(tx: Orm, id: string): Promise<RefundRow | undefined> {
  const rows = await tx.select().from(marketRefunds).where(eq(marketRefunds.id, id)).for('update');
  return rows[0];
}

export async function settleRefund(tx: Orm, id: string, status: 'succeeded' | 'failed', providerRefundId: string | null): Promise<void> {
  await tx.update(marketRefunds).set({ status, providerRefundId, settledAt: new Date() }).where(eq(marketRefunds.id, id));
}

/** Adds refunded money to lines, their order and its payments' record. */
export async function addRefunded(tx: Orm, orderId: string, lines: RefundLine[]): Promise<void> {
  for (const line of lines) {
    await tx.update(marketOrderLines).set({ refundedMinor: sql`${marketOrderLines.refundedMinor} + ${line.amountMinor}` }).where(eq(marketOrderLines.id, line.lineId));
  }
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  await tx.update(marketOrders).set({ refundedMinor: sql`${marketOrders.refundedMinor} + ${total}`, updatedAt: new Date() }).where(eq(marketOrders.id, orderId));
}

/** The access grants of an order's lines that are still in force. */
export async function liveGrantsOf(tx: Orm, lineIds: string[]): Promise<{ id: string; orderLineId: string }[]> {
  if (lineIds.length === 0) return [];
  return tx
    .select({ id: marketAccessGrants.id, orderLineId: marketAccessGrants.orderLineId })
    .from(marketAccessGrants)
    .where(and(inArray(marketAccessGrants.orderLineId, lineIds), isNull(marketAccessGrants.revokedAt)));
}

export async function markGrantsRevoked(tx: Orm, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(marketAccessGrants).set({ revokedAt: new Date() }).where(inArray(marketAccessGrants.id, ids));
}

/** Stripe payments still open whose checkout began before `before`: the reconciliation asks Stripe about them. */
export async function staleOpenCheckouts(tx: Orm, before: Date): Promise<{ checkoutId: string }[]> {
  const rows = await tx
    .select({ checkoutId: marketPayments.providerCheckoutId })
    .from(marketPayments)
    .where(and(eq(marketPayments.provider, 'stripe'), eq(marketPayments.status, 'open'), sql`${marketPayments.providerCheckoutId} is not null`, sql`${marketPayments.createdAt} < ${before}`))
    .limit(500);
  return rows.map((row) => ({ checkoutId: row.checkoutId! }));
}

/** The buyer's address is confirmed: the mailed link is used up. */
export async function setOrderEmailConfirmed(tx: Orm, orderId: string, at: Date): Promise<void> {
  await tx.update(marketOrders).set({ emailConfirmedAt: at, confirmationTokenHash: null, updatedAt: at }).where(eq(marketOrders.id, orderId));
}
