import { tablesOf, type AreaModule } from '../platform/modules/index.js';
import * as catalogueSchema from './catalogue/catalogue.schema.js';
import * as couponsSchema from './coupons/coupons.schema.js';
import * as paymentAccountsSchema from './checkout/payment-accounts.schema.js';
import { invoiceJobHandlers } from './invoices/invoice-files.js';
import { referencedInvoiceBlobs } from './invoices/invoices.repository.js';
import * as invoicesSchema from './invoices/invoices.schema.js';
import { marketErrorFragments } from './market.errors.js';
import { marketJobHandlers, marketRecurringJobs } from './market.jobs.js';
import { grantAccessOnPayment, grantAccessOnRelease } from './orders/grant-access.js';
import { invoiceOnPayment } from './invoices/invoice-on-payment.js';
import { marketFieldLabels } from './market.field-labels.js';
import { marketStorePolicy } from './market.policy.js';
import { marketRoutes } from './market.routes.js';
import { marketPrivacy } from './market.privacy.js';
import { marketSettings } from './market.settings.js';
import * as ordersSchema from './orders/orders.schema.js';
import * as seatsSchema from './seats/seats.schema.js';

/** Market, the store that sells the site's courses, as the platform sees it. */
export const marketModule: AreaModule = {
  name: 'market',
  errors: marketErrorFragments,
  fieldLabels: marketFieldLabels,
  policies: [marketStorePolicy],
  // The seller's details, the price mode and bank transfer.
  settings: [marketSettings],
  routes: marketRoutes,
  // The buyer's mail after payment; issued invoices' PDFs.
  jobHandlers: (deps) => ({ ...marketJobHandlers(deps), ...invoiceJobHandlers(deps) }),
  // Orders compared with Stripe: missed webhooks applied, stale checkouts settled.
  recurringJobs: marketRecurringJobs,
  // A paid order (or one let through before its bank transfer) grants its access in Learn.
  eventHandlers: [grantAccessOnPayment, grantAccessOnRelease, invoiceOnPayment],
  // Issued invoices' PDFs and the logos drawn on them: the blobs the store's collector must keep.
  blobReferences: ({ db }) => (tenantId, hashes) => db.withTenant(tenantId, (tx) => referencedInvoiceBlobs(tx, hashes)),
  // A person's orders and invoices in their export; kept at erasure as tax law requires.
  privacy: marketPrivacy,
  schema: tablesOf(catalogueSchema, couponsSchema, ordersSchema, paymentAccountsSchema, invoicesSchema, seatsSchema),
};
