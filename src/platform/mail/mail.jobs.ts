import { z } from 'zod';
import type { MailConfig } from '../../config.js';
import { brandingOf } from '../branding/branding.service.js';
import type { Db } from '../db/client.js';
import type { JobHandlers } from '../jobs/job-registry.js';
import { findTenantById } from '../tenancy/tenants.repository.js';
import { createMailTransport, fromOf, sendMail } from './mail-transport.js';
import { MAIL_SEND } from './mail.queue.js';

const queuedMail = z.object({
  to: z.string().min(3),
  template: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  unsubscribeUrl: z.url().optional(),
});

export const MAIL_DISABLED_WARNING =
  'LECTERN_SMTP_URL is not set: no e-mail is sent. Invitations, password resets and notices wait in the job queue ' +
  'and go out once an SMTP server is configured (LECTERN_SMTP_URL, LECTERN_MAIL_FROM).';

/** The sender name a site chose for its mail ('' when none, or for mail of no site). */
async function senderNameOf(db: Db | undefined, tenantId: string | null): Promise<string> {
  if (!db || !tenantId) return '';
  const tenant = await findTenantById(db.owner, tenantId);
  return tenant ? brandingOf(tenant).mailSenderName : '';
}

/**
 * The `mail.send` handler. Without an SMTP server there is none, so mail jobs stay queued
 * instead of failing. Once sent, the stored job keeps who got what, but not the message with
 * its one-time link. With the database, a site's mail goes out under its sender name (branding).
 */
export function mailJobHandlers(config: MailConfig | undefined, db?: Db): JobHandlers {
  if (!config) return {};
  const transport = createMailTransport(config);
  return {
    [MAIL_SEND]: async (payload, job) => {
      const mail = queuedMail.parse(payload);
      const messageId = await sendMail(transport, fromOf(config.from, await senderNameOf(db, job.tenantId)), mail);
      return { keepPayload: { to: mail.to, template: mail.template, subject: mail.subject, messageId } };
    },
  };
}
