import { definePolicy } from '../platform/access/index.js';

/**
 * Who runs the store: the site's administrators set it up, sell and refund; signed-in buyers read
 * their own orders (the services check that an order is theirs). The storefront and the
 * provider's webhooks are public routes that check what they are given.
 */
export const marketStorePolicy = definePolicy('market.store', {
  manage: { roles: ['admin'] },
  purchases: { roles: 'signedIn' },
});
export type MarketStoreAction = (typeof marketStorePolicy.actions)[number];
