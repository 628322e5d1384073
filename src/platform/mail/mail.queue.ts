import type { Orm } from '../db/client.js';
import type { Language } from '../http/language.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { renderMail, type MailData, type MailTemplate, type RenderedMail } from './mail-templates.js';

export const MAIL_SEND = 'mail.send';

/** How often a mail is tried (with growing pauses, about 3 hours in all) before it is given up. */
const MAIL_MAX_ATTEMPTS = 10;

export interface MailRequest {
  to: string;
  /** The account the mail is about (its sign-in links): its queued mails go when it is deleted. */
  userId: string;
  template: MailTemplate;
  language: Language;
  data: MailData;
}

/**
 * Queues a mail in the caller's transaction: it is sent only if the change that causes it
 * commits, and a slow or broken mail server never holds up the request.
 */
export async function enqueueMail(tx: Orm, mail: MailRequest): Promise<void> {
  const rendered = renderMail(mail.template, mail.language, mail.data);
  await enqueueJob(tx, {
    kind: MAIL_SEND,
    payload: { to: mail.to, userId: mail.userId, template: mail.template, language: mail.language, ...rendered },
    maxAttempts: MAIL_MAX_ATTEMPTS,
  });
}

/** A mail an area wrote itself (its own templates, already escaped); `template` names it in the job log. */
export interface RenderedMailRequest extends RenderedMail {
  to: string;
  /**
   * The account the mail is for, when it is one (a notice, a review, a consent): its queued mails
   * go when the account is deleted. Mail to an address in another capacity (a buyer, a guest
   * reviewer, a shared file's recipient) has none and is still sent.
   */
  userId?: string;
  template: string;
  /**
   * Only for mail a person may stop (update e-mails): the one-click unsubscribe address, sent as
   * `List-Unsubscribe` with `List-Unsubscribe-Post` (RFC 8058). Service mail never has one.
   */
  unsubscribeUrl?: string;
  /**
   * A mail that may go only while something still holds when it is sent, not only when it was
   * queued (an update e-mail: the recipient's consent): the check the sender asks just before
   * sending (registered by its feature, see MailSendChecks) and what it needs beyond the mail's
   * site, account and address.
   */
  sendCheck?: MailSendCheckRef;
}

/** Names a send check (mail.jobs.ts, MailSendChecks) and its arguments. */
export interface MailSendCheckRef {
  name: string;
  args?: Record<string, string>;
}

/** Queues a mail rendered by its caller, in the caller's transaction, with the same retries as enqueueMail. */
export async function enqueueRenderedMail(tx: Orm, mail: RenderedMailRequest): Promise<void> {
  await enqueueJob(tx, {
    kind: MAIL_SEND,
    payload: {
      to: mail.to,
      ...(mail.userId ? { userId: mail.userId } : {}),
      template: mail.template,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.unsubscribeUrl ? { unsubscribeUrl: mail.unsubscribeUrl } : {}),
      ...(mail.sendCheck ? { sendCheck: { name: mail.sendCheck.name, args: mail.sendCheck.args ?? {} } } : {}),
    },
    maxAttempts: MAIL_MAX_ATTEMPTS,
  });
}
