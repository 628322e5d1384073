import { definePolicy } from '../platform/access/index.js';

/**
 * Who runs the store: the site's administrators set it up, sell and refund (platform staff under a
 * grant too, but for connecting the payment account and issuing coupons); signed-in buyers read
 * their own orders (the services check that an order is theirs). The storefront and the
 * provider's webhooks are public routes that check what they are given.
 */
export const marketStorePolicy = definePolicy('market.store', {
  manage: { roles: ['admin'] },
  // Where the site's money goes is the site's own decision, not the operator's staff's under a grant.
  connectPayments: { roles: ['admin'], staff: false },
  // A coupon code opens paid courses to whoever holds it, long after a grant ends.
  issueCoupons: { roles: ['admin'], staff: 'no-lasting-access' },
  purchases: { roles: 'signedIn' },
});
export type MarketStoreAction = (typeof marketStorePolicy.actions)[number];
