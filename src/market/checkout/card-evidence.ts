import { z } from 'zod';
import type { JobHandlers } from '../../platform/jobs/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { addLocationEvidence } from '../orders/order-evidence.js';
import { stripeAccounts } from './stripe-accounts.js';

/** The job that adds the paying card's country to an order's location evidence (after the webhook's answer: it asks Stripe). */
export const MARKET_CARD_EVIDENCE = 'market.card_evidence';

const payload = z.object({ orderId: z.uuid(), paymentIntentId: z.string().min(1).max(255) });

/**
 * The EU rules want two non-contradictory pieces of evidence of where a buyer is: the billing
 * address they declared is one, the country of the card that paid is the second. Recorded with
 * the order as the pieces, the country they agree on and whether they contradict each other.
 */
export function cardEvidenceJobs(deps: AreaDeps): JobHandlers {
  const stripe = stripeAccounts(deps.db, deps.config.market);
  return {
    [MARKET_CARD_EVIDENCE]: async (raw, job) => {
      if (!job.tenantId) throw new Error(`${MARKET_CARD_EVIDENCE} job ${job.id} has no tenant`);
      const tenantId = job.tenantId;
      const { orderId, paymentIntentId } = payload.parse(raw);
      const gateway = await stripe.gatewayOf(tenantId);
      if (!gateway) return;
      const country = await gateway.cardCountryOf(paymentIntentId);
      if (!country) return;
      await deps.db.withTenant(tenantId, (tx) => addLocationEvidence(tx, orderId, { kind: 'card_country', country }));
    },
  };
}
