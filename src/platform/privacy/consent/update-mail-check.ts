import type { Db } from '../../db/client.js';
import type { MailSendChecks, MailSendVerdict, MailToCheck } from '../../mail/mail.jobs.js';
import type { MailSendCheckRef } from '../../mail/mail.queue.js';
import { consentAtSending } from './consent.repository.js';
import { MAIL_TOPICS, type MailTopic } from './unsubscribe-link.js';

/** The send check every update mail is queued with: the recipient's consent must still hold when it goes out. */
export const UPDATE_MAIL_CONSENT_CHECK = 'privacy.mail_consent';

/** What an update mail to `topic` carries, so the sender asks the consent again at sending. */
export function consentCheckOf(topic: MailTopic): MailSendCheckRef {
  return { name: UPDATE_MAIL_CONSENT_CHECK, args: { topic } };
}

/**
 * Whether a queued update mail may still go out: the recipient's consent to its topic is
 * confirmed, their account is active, and the mail's address is still the account's and the one
 * that confirmed the consent. A mail queued
 * before a withdrawal (in the settings, by the unsubscribe link, at erasure), a deactivation or an
 * address change waits for a retry no longer than until its next attempt: it is dropped then.
 */
export async function checkUpdateMailConsent(db: Db, mail: MailToCheck): Promise<MailSendVerdict> {
  const topic = MAIL_TOPICS.find((t) => t === mail.args.topic);
  if (!topic || !mail.tenantId || !mail.userId) return { send: false, reason: 'no_consent' };
  const userId = mail.userId;
  const now = await db.withTenant(mail.tenantId, (tx) => consentAtSending(tx, userId, topic));
  if (!now) return { send: false, reason: 'account_gone' };
  if (now.consentStatus !== 'confirmed') return { send: false, reason: 'no_consent' };
  if (now.accountStatus !== 'active') return { send: false, reason: 'account_inactive' };
  // The mail's address, the account's and the one that confirmed must be one: an address changed
  // after the mail was queued, or after the consent was confirmed, has confirmed nothing.
  const account = now.accountEmail.toLowerCase();
  if (account !== mail.to.toLowerCase() || account !== now.consentEmail) return { send: false, reason: 'address_changed' };
  return { send: true };
}

/** The send checks of the consent feature, for the mail sender (mailJobHandlers). */
export function consentMailChecks(db: Db): MailSendChecks {
  return { [UPDATE_MAIL_CONSENT_CHECK]: (mail) => checkUpdateMailConsent(db, mail) };
}
