import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { secretBox } from '../../platform/secrets/index.js';
import { marketStorePolicy } from '../market.policy.js';
import { stripeAccountInput, type PaymentAccountsView, type StripeAccountInput } from './payment-accounts.contract.js';
import { deleteStripeAccount, findStripeAccount, saveStripeAccount } from './payment-accounts.repository.js';
import { stripeSealContext } from './stripe-accounts.js';

const hintOf = (key: string) => `${key.slice(0, key.indexOf('_', 3) + 1)}…${key.slice(-4)}`;

export async function paymentAccountsOf(useCase: UseCase, siteUrl: string): Promise<PaymentAccountsView> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const account = await findStripeAccount(useCase.tx);
  return { stripe: { connected: account !== undefined, keyHint: account?.secretKeyHint ?? null, changedAt: account?.changedAt.toISOString() ?? null, webhookUrl: `${siteUrl}/api/market/webhooks/stripe` } };
}

/** Connects (or re-keys) the seller's Stripe account; the secrets are sealed, and never shown again. */
export async function connectStripe(useCase: UseCase, input: StripeAccountInput): Promise<void> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  const { secretKey, webhookSecret } = stripeAccountInput.parse(input);
  const box = secretBox();
  const context = stripeSealContext(useCase.tenant.id);
  await saveStripeAccount(useCase.tx, { secretKeySealed: box.seal(secretKey, context), webhookSecretSealed: box.seal(webhookSecret, context), secretKeyHint: hintOf(secretKey), changedBy: useCase.user.id });
  await insertActorEvent(useCase.tx, useCase, 'market.payment_account_changed', { type: 'market_payment_account', id: 'stripe' }, { connected: true, keyHint: hintOf(secretKey), live: secretKey.includes('_live_') });
}

export async function disconnectStripe(useCase: UseCase): Promise<void> {
  marketStorePolicy.assert(useCase.actor, 'manage');
  await deleteStripeAccount(useCase.tx);
  await insertActorEvent(useCase.tx, useCase, 'market.payment_account_changed', { type: 'market_payment_account', id: 'stripe' }, { connected: false });
}
