import { insertActorEvent } from '../../audit/actor-event.js';
import type { UseCase } from '../../access/request-context.js';
import { siteNameOf } from '../../branding/branding.service.js';
import { AppError } from '../../http/errors.js';
import type { Language } from '../../http/language.js';
import { enqueueRenderedMail } from '../../mail/mail.queue.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import type { SentMailingView, UpdateMailingInput, UpdateMailsOverview } from './consent.contract.js';
import { renderUpdateMail } from './consent-texts.js';
import { confirmedRecipients, countConsents, insertMailing, listMailings } from './consent.repository.js';
import { UNSUBSCRIBE_PAGE } from './consent.service.js';
import type { MailTopic, UnsubscribeLinks } from './unsubscribe-link.js';

const TOPIC: MailTopic = 'updates';
/** Mailings the overview lists. */
const MAILINGS_LISTED = 50;

export async function updateMailsOverview(useCase: UseCase): Promise<UpdateMailsOverview> {
  const [consents, mailings] = [await countConsents(useCase.tx, TOPIC), await listMailings(useCase.tx, MAILINGS_LISTED)];
  return { consents, mailings: mailings.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
}

/**
 * Sends an update e-mail to everybody whose consent is confirmed (pending, withdrawn and never
 * asked get nothing), one queued mail per recipient in the same transaction as the mailing's record
 * and its audit entry: all of them or none. Each mail carries the recipient's own signed one-click
 * unsubscribe link, in the footer and in the List-Unsubscribe header.
 */
export async function sendUpdateMailing(useCase: UseCase, input: UpdateMailingInput, deps: { siteUrl: string; links: UnsubscribeLinks }): Promise<SentMailingView> {
  const { tx, tenant } = useCase;
  const recipients = await confirmedRecipients(tx, TOPIC);
  if (recipients.length === 0) throw new AppError('UPDATE_MAIL_NO_RECIPIENTS');
  const mailing = await insertMailing(tx, { subject: input.subject, body: input.message, sentByUserId: useCase.user.id, recipientCount: recipients.length });
  const siteName = siteNameOf(tenant);
  const siteLanguage = settingsOf(tenant).locale;
  for (const recipient of recipients) {
    const language: Language = recipient.language === 'de' || recipient.language === 'en' ? recipient.language : siteLanguage;
    const token = deps.links.token({ tenantId: tenant.id, userId: recipient.userId, topic: TOPIC });
    const unsubscribeUrl = `${deps.siteUrl}${UNSUBSCRIBE_PAGE}?token=${encodeURIComponent(token)}`;
    const mail = renderUpdateMail(language, { siteName, subject: input.subject, body: input.message, unsubscribeUrl, accountUrl: `${deps.siteUrl}/account#updates` });
    await enqueueRenderedMail(tx, { to: recipient.email, template: 'privacy.update_mail', ...mail, unsubscribeUrl });
  }
  await insertActorEvent(tx, useCase, 'privacy.update_mailing_sent', { type: 'update_mailing', id: mailing.id }, {
    subject: input.subject,
    messageLength: input.message.length,
    recipientCount: recipients.length,
  });
  return { id: mailing.id, recipientCount: recipients.length };
}
