import type { MarketConfig } from '../../config.js';
import type { Db } from '../../platform/db/index.js';
import { secretBox } from '../../platform/secrets/index.js';
import { findStripeAccount } from './payment-accounts.repository.js';
import { stripeGateway, type StripeGateway } from './stripe-gateway.js';

/** What seals a tenant's Stripe secrets: a sealed value copied to another tenant's row does not open. */
export const stripeSealContext = (tenantId: string) => `market-stripe:${tenantId}`;

/** How long a node trusts its copy of a seller's keys: a key changed on another node is used here within this. */
const CACHE_MS = 30_000;

/**
 * The sellers' Stripe gateways, one per tenant, kept for a short while: every webhook needs the
 * signing secret, and opening the sealed value per delivery would cost more than checking it.
 */
export function stripeAccounts(db: Db, config: MarketConfig) {
  const cache = new Map<string, { gateway: StripeGateway | undefined; until: number }>();
  return {
    async gatewayOf(tenantId: string): Promise<StripeGateway | undefined> {
      const cached = cache.get(tenantId);
      if (cached && cached.until > Date.now()) return cached.gateway;
      const account = await db.withTenant(tenantId, (tx) => findStripeAccount(tx));
      const box = secretBox();
      const gateway = account
        ? stripeGateway(box.open(account.secretKeySealed, stripeSealContext(tenantId)), box.open(account.webhookSecretSealed, stripeSealContext(tenantId)), config)
        : undefined;
      cache.set(tenantId, { gateway, until: Date.now() + CACHE_MS });
      return gateway;
    },
    /** Drops this node's copy (the seller saved new keys). */
    forget(tenantId: string): void {
      cache.delete(tenantId);
    },
  };
}
export type StripeAccounts = ReturnType<typeof stripeAccounts>;
