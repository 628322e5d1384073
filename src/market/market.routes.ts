import type { AreaRouteDeps, AreaRoutes } from '../platform/modules/index.js';
import { catalogueRoutes } from './catalogue/catalogue.routes.js';
import { checkoutRoutes } from './checkout/checkout.routes.js';
import { couponRoutes } from './coupons/coupons.routes.js';
import { paymentAccountRoutes } from './checkout/payment-accounts.routes.js';
import { stripeAccounts } from './checkout/stripe-accounts.js';
import { stripeWebhookRoutes } from './checkout/stripe-webhook.routes.js';
import { invoiceRoutes } from './invoices/invoices.routes.js';
import type { MarketRouteDeps } from './market-deps.js';
import { ordersRoutes } from './orders/orders.routes.js';
import { seatRoutes } from './seats/seats.routes.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { storefrontRoutes } from './storefront/storefront.routes.js';
import { storePreviewRoutes } from './storefront/preview.routes.js';

/** The store's routes on the app's origin: the seller's API, checkout, the provider's webhooks, the buyer's purchases. */
export function marketRoutes(areaDeps: AreaRouteDeps): AreaRoutes {
  const deps: MarketRouteDeps = { ...areaDeps, stripe: stripeAccounts(areaDeps.db, areaDeps.config.market) };
  return {
    app: async (app) => {
      await app.register(catalogueRoutes(deps.db));
      await app.register(couponRoutes(deps.db));
      await app.register(paymentAccountRoutes(deps));
      await app.register(checkoutRoutes(deps));
      await app.register(stripeWebhookRoutes(deps));
      await app.register(ordersRoutes(deps));
      await app.register(seatRoutes(deps.db));
      await app.register(storefrontRoutes(deps));
      await app.register(storePreviewRoutes(deps));
      await app.register(invoiceRoutes(deps));
      await app.register(reportsRoutes(deps.db));
    },
  };
}
