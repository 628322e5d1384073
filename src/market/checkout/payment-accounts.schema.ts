import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantIdColumn } from '../../platform/db/tenant-column.js';

/**
 * The seller's account at a payment provider (Stripe): its secret API key and the signing secret
 * of its webhook endpoint, both sealed with the server's key (platform/secrets) and never shown
 * again once saved; only their last four characters are.
 */
export const marketPaymentAccounts = pgTable(
  'market_payment_accounts',
  {
    tenantId: tenantIdColumn(),
    provider: text('provider', { enum: ['stripe'] }).notNull(),
    secretKeySealed: text('secret_key_sealed').notNull(),
    webhookSecretSealed: text('webhook_secret_sealed').notNull(),
    /** `sk_test_……abcd`: enough to tell two keys apart. */
    secretKeyHint: text('secret_key_hint').notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.provider] })],
);
