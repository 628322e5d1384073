import { z } from 'zod';
import type { MailConfig } from '../../config.js';
import type { JobHandlers } from '../jobs/job-registry.js';
import { createMailTransport, sendMail } from './mail-transport.js';
import { MAIL_SEND } from './mail.queue.js';

const queuedMail = z.object({
  to: z.string().min(3),
  template: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});

export const MAIL_DISABLED_WARNING =
  'LECTERN_SMTP_URL is not set: no e-mail is sent. Invitations, password resets and notices wait in the job queue ' +
  'and go out once an SMTP server is configured (LECTERN_SMTP_URL, LECTERN_MAIL_FROM).';

/**
 * The `mail.send` handler. Without an SMTP server there is none, so mail jobs stay queued
 * instead of failing. Once sent, the stored job keeps who got what, but not the message with
 * its one-time link.
 */
export function mailJobHandlers(config: MailConfig | undefined): JobHandlers {
  if (!config) return {};
  const transport = createMailTransport(config);
  return {
    [MAIL_SEND]: async (payload) => {
      const mail = queuedMail.parse(payload);
      const messageId = await sendMail(transport, config.from, mail);
      return { keepPayload: { to: mail.to, template: mail.template, subject: mail.subject, messageId } };
    },
  };
}
