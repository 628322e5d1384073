import { eq } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { marketPaymentAccounts } from './payment-accounts.schema.js';

export type PaymentAccountRow = typeof marketPaymentAccounts.$inferSelect;

export async function findStripeAccount(tx: Orm): Promise<PaymentAccountRow | undefined> {
  const rows = await tx.select().from(marketPaymentAccounts).where(eq(marketPaymentAccounts.provider, 'stripe'));
  return rows[0];
}

export async function saveStripeAccount(tx: Orm, values: { secretKeySealed: string; webhookSecretSealed: string; secretKeyHint: string; changedBy: string }): Promise<void> {
  await tx
    .insert(marketPaymentAccounts)
    .values({ provider: 'stripe', ...values })
    .onConflictDoUpdate({ target: [marketPaymentAccounts.tenantId, marketPaymentAccounts.provider], set: { ...values, changedAt: new Date() } });
}

export async function deleteStripeAccount(tx: Orm): Promise<void> {
  await tx.delete(marketPaymentAccounts).where(eq(marketPaymentAccounts.provider, 'stripe'));
}
