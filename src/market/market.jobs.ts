import type { JobHandlers, RecurringJob } from '../platform/jobs/index.js';
import type { AreaDeps } from '../platform/modules/index.js';
import { listTenants } from '../platform/tenancy/index.js';
import { cardEvidenceJobs } from './checkout/card-evidence.js';
import { reconcileStripe } from './checkout/reconcile-stripe.js';
import { stripeAccounts } from './checkout/stripe-accounts.js';
import { purchaseMailJobs } from './orders/purchase-mail.js';
import { seatMailJobs } from './seats/seat-mail.js';

export const MARKET_RECONCILE_STRIPE = 'market.reconcile_stripe';
/** How often orders are compared with Stripe: a missed webhook is applied within this. */
const RECONCILE_MS = 15 * 60_000;

/** The store's background jobs, by kind. */
export function marketJobHandlers(deps: AreaDeps): JobHandlers {
  return { ...purchaseMailJobs(deps), ...seatMailJobs(deps), ...cardEvidenceJobs(deps) };
}

/** The store's periodic jobs: the comparison of orders with the payment provider. */
export function marketRecurringJobs(deps: AreaDeps): RecurringJob[] {
  const stripe = stripeAccounts(deps.db, deps.config.market);
  return [
    {
      kind: MARKET_RECONCILE_STRIPE,
      everyMs: RECONCILE_MS,
      run: async () => {
        for (const tenant of await listTenants(deps.db.owner)) await reconcileStripe(deps.db, stripe, tenant.id);
      },
    },
  ];
}
