import type Stripe from 'stripe';
import type { Db } from '../../platform/db/index.js';
import { staleOpenCheckouts } from '../orders/orders.repository.js';
import { applyStripeEvent } from './stripe-webhook.js';
import type { StripeAccounts } from './stripe-accounts.js';

/** How far back the reconciliation reads Stripe's events: Stripe retries a failed delivery for three days. */
const EVENT_WINDOW_MS = 3 * 24 * 60 * 60_000;
/** Events read per run at most: a backlog is worked off over several runs. */
const MAX_EVENTS = 2000;
/** An open checkout older than this is asked about (a buyer pays within the hour, or it expires). */
const STALE_CHECKOUT_MS = 90 * 60_000;

const RECONCILER = { ip: '127.0.0.1', requestId: 'reconcile-stripe' };

export interface ReconcileReport {
  events: number;
  applied: number;
  checkouts: number;
}

/**
 * Compares a seller's orders with Stripe: events that never arrived as webhooks (an outage, a
 * misconfigured endpoint) are applied from Stripe's own list, each exactly once by its id; then
 * checkouts still open after their time are read one by one, and a paid or expired one takes the
 * same effect as its event would have.
 */
export async function reconcileStripe(db: Db, stripe: StripeAccounts, tenantId: string, now = new Date()): Promise<ReconcileReport> {
  const gateway = await stripe.gatewayOf(tenantId);
  const report: ReconcileReport = { events: 0, applied: 0, checkouts: 0 };
  if (!gateway) return report;
  for await (const event of gateway.eventsSince(new Date(now.getTime() - EVENT_WINDOW_MS))) {
    if (++report.events > MAX_EVENTS) break;
    const result = await applyStripeEvent(db, tenantId, event, RECONCILER);
    if (!result.outcome.startsWith('duplicate')) report.applied += 1;
  }
  const stale = await db.withTenant(tenantId, (tx) => staleOpenCheckouts(tx, new Date(now.getTime() - STALE_CHECKOUT_MS)));
  for (const { checkoutId } of stale) {
    const session = await gateway.retrieveCheckout(checkoutId);
    const type = session.payment_status === 'paid' ? 'checkout.session.completed' : session.status === 'expired' ? 'checkout.session.expired' : undefined;
    if (!type) continue;
    report.checkouts += 1;
    // The session as read is the event's object; the id names what was done so it is done once.
    const synthetic = { id: `reconcile:${type}:${session.id}`, object: 'event', type, data: { object: session }, created: Math.floor(now.getTime() / 1000) } as unknown as Stripe.Event;
    await applyStripeEvent(db, tenantId, synthetic, RECONCILER);
  }
  return report;
}
