import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Orm } from '../db/client.js';
import { issueUserToken } from './user-tokens.service.js';
import { findUserByEmail, insertUser, setUserLanguage } from './users.repository.js';

/** A buyer's account, as a purchase needs it. */
export interface BuyerAccount {
  userId: string;
  /** Whether the account was made for this purchase. */
  created: boolean;
  /** A one-time token (for `/accept-invitation`) to choose a password: for an account that has none yet. */
  passwordToken: string | undefined;
}

/**
 * The account of a buyer's e-mail address, in the caller's transaction: an existing one is linked
 * (whatever its state: a deactivated account gets its access too, and is still refused sign-in), a
 * new address gets a learner's account without a password. An account without a password gets a
 * link (valid 7 days, as an invitation's) to choose one, which applies the site's password policy,
 * and the second factor its roles ask for, as any sign-up does.
 */
export async function accountForBuyer(tx: Orm, buyer: { email: string; firstName: string; lastName: string; language: 'de' | 'en' }): Promise<BuyerAccount> {
  const existing = await findUserByEmail(tx, buyer.email);
  if (existing) {
    // An invitation the account already has (from an administrator, or an earlier purchase) keeps working.
    const passwordToken = existing.passwordHash || existing.status !== 'active' ? undefined : await issueUserToken(tx, existing.id, 'invitation', undefined, { keepOthers: true });
    return { userId: existing.id, created: false, passwordToken };
  }
  const user = await insertUser(tx, { email: buyer.email, firstName: buyer.firstName, lastName: buyer.lastName, roles: ['learner'], passwordHash: null });
  await setUserLanguage(tx, user.id, buyer.language);
  await insertAuditEvent(tx, { action: 'user.created_for_purchase', targetType: 'user', targetId: user.id, details: { email: user.email } });
  return { userId: user.id, created: true, passwordToken: await issueUserToken(tx, user.id, 'invitation') };
}
