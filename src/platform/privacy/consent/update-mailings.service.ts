import { insertActorEvent } from '../../audit/actor-event.js';
import type { UseCase } from '../../access/request-context.js';
import { AppError } from '../../http/errors.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import type { SentMailingView, UpdateMailingInput, UpdateMailsOverview } from './consent.contract.js';
import { countConfirmedRecipients, countConsents, insertMailing, listMailings } from './consent.repository.js';
import { UPDATE_MAILING_JOB } from './update-mail-delivery.js';
import type { MailTopic } from './unsubscribe-link.js';

const TOPIC: MailTopic = 'updates';
/** Mailings the overview lists. */
const MAILINGS_LISTED = 50;

export async function updateMailsOverview(useCase: UseCase, mailSent: boolean): Promise<UpdateMailsOverview> {
  const [consents, mailings] = [await countConsents(useCase.tx, TOPIC), await listMailings(useCase.tx, MAILINGS_LISTED)];
  return {
    consents,
    mailings: mailings.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), deliveredAt: m.deliveredAt?.toISOString() ?? null })),
    mailSent,
  };
}

/**
 * Records an update e-mail for everybody whose consent is confirmed (pending, withdrawn and never
 * asked get nothing), with its audit entry, and queues its delivery (update-mail-delivery.ts):
 * the mails are queued in batches after the request, each with the recipient's own one-click
 * unsubscribe link, and only to those whose consent still holds when their batch is reached.
 */
export async function sendUpdateMailing(useCase: UseCase, input: UpdateMailingInput, mailSent: boolean): Promise<SentMailingView> {
  const { tx } = useCase;
  // Mails that would wait in the queue until a mail server is set up would go out unannounced, maybe months later.
  if (!mailSent) throw new AppError('UPDATE_MAIL_NO_MAIL_SERVER');
  const recipientCount = await countConfirmedRecipients(tx, TOPIC);
  if (recipientCount === 0) throw new AppError('UPDATE_MAIL_NO_RECIPIENTS');
  const mailing = await insertMailing(tx, { subject: input.subject, body: input.message, sentByUserId: useCase.user.id, recipientCount });
  await enqueueJob(tx, { kind: UPDATE_MAILING_JOB, payload: { mailingId: mailing.id } });
  await insertActorEvent(tx, useCase, 'privacy.update_mailing_sent', { type: 'update_mailing', id: mailing.id }, {
    subject: input.subject,
    messageLength: input.message.length,
    recipientCount,
  });
  return { id: mailing.id, recipientCount };
}
