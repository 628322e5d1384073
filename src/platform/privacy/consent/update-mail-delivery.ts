import type { Db } from '../../db/client.js';
import type { Language } from '../../http/language.js';
import { siteNameOf } from '../../branding/branding.service.js';
import { enqueueRenderedMail } from '../../mail/mail.queue.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { renderUpdateMail } from './consent-texts.js';
import { confirmedRecipientsAfter, lockMailingForDelivery, recordDeliveredBatch } from './consent.repository.js';
import { UNSUBSCRIBE_PAGE } from './consent.service.js';
import { consentCheckOf } from './update-mail-check.js';
import type { MailTopic, UnsubscribeLinks } from './unsubscribe-link.js';

/** The job that queues a mailing's mails, batch by batch, after the admin's request was answered. */
export const UPDATE_MAILING_JOB = 'privacy.update_mailing';
const TOPIC: MailTopic = 'updates';
/** Mails queued per transaction: a large audience never holds one long transaction. */
const DELIVERY_BATCH = 200;

/**
 * Queues one mail per person whose consent is confirmed when their batch is reached (someone who
 * withdrew in between gets nothing), each with their own signed one-click unsubscribe link for the
 * consent it is sent under. Each mail asks the consent again when it is sent
 * (update-mail-check.ts): one that waited for a retry goes nowhere once the consent has ended
 * meanwhile.
 * Progress is stored with the mailing in the batch's transaction, so a run that stops is resumed
 * where it stopped and nobody gets the mail twice. Returns the mails queued by this run.
 */
export async function deliverUpdateMailing(
  db: Db,
  tenant: Tenant,
  mailingId: string,
  deps: { siteUrl: string; links: UnsubscribeLinks },
  batchSize = DELIVERY_BATCH,
): Promise<number> {
  const siteName = siteNameOf(tenant);
  const siteLanguage = settingsOf(tenant).locale;
  let queued = 0;
  for (let complete = false; !complete; ) {
    complete = await db.withTenant(tenant.id, async (tx) => {
      const mailing = await lockMailingForDelivery(tx, mailingId);
      if (!mailing || mailing.deliveredAt) return true;
      const batch = await confirmedRecipientsAfter(tx, TOPIC, mailing.deliveredThroughUserId, batchSize);
      for (const recipient of batch) {
        const language: Language = recipient.language === 'de' || recipient.language === 'en' ? recipient.language : siteLanguage;
        // The link ends this consent only: not one the person gives again after withdrawing.
        const token = deps.links.token({ tenantId: tenant.id, userId: recipient.userId, topic: TOPIC, consentConfirmedAtMicros: recipient.consentConfirmedAtMicros });
        const unsubscribeUrl = `${deps.siteUrl}${UNSUBSCRIBE_PAGE}?token=${encodeURIComponent(token)}`;
        const mail = renderUpdateMail(language, { siteName, subject: mailing.subject, body: mailing.body, unsubscribeUrl, accountUrl: `${deps.siteUrl}/account#updates` });
        await enqueueRenderedMail(tx, { to: recipient.email, userId: recipient.userId, template: 'privacy.update_mail', ...mail, unsubscribeUrl, sendCheck: consentCheckOf(TOPIC) });
      }
      const done = batch.length < batchSize;
      await recordDeliveredBatch(tx, mailingId, { throughUserId: batch.at(-1)?.userId ?? mailing.deliveredThroughUserId, mails: batch.length, complete: done });
      queued += batch.length;
      return done;
    });
  }
  return queued;
}
