import type { AreaRouteDeps } from '../platform/modules/index.js';
import type { StripeAccounts } from './checkout/stripe-accounts.js';

/** What the store's routes are built from: the area's deps and the sellers' Stripe gateways (one cache per app). */
export interface MarketRouteDeps extends AreaRouteDeps {
  stripe: StripeAccounts;
}
