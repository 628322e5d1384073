import { z } from 'zod';
import type { MailConfig } from '../../config.js';
import { brandingOf } from '../branding/branding.service.js';
import type { Db } from '../db/client.js';
import type { JobHandlers } from '../jobs/job-registry.js';
import type { JobLog } from '../jobs/job-worker.js';
import { findTenantById } from '../tenancy/tenants.repository.js';
import { createMailTransport, fromOf, sendMail } from './mail-transport.js';
import { MAIL_SEND } from './mail.queue.js';

const queuedMail = z.object({
  to: z.string().min(3),
  userId: z.string().optional(),
  template: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  unsubscribeUrl: z.url().optional(),
  sendCheck: z.object({ name: z.string().min(1), args: z.record(z.string(), z.string()).default({}) }).optional(),
});

export const MAIL_DISABLED_WARNING =
  'LECTERN_SMTP_URL is not set: no e-mail is sent. Invitations, password resets and notices wait in the job queue ' +
  'and go out once an SMTP server is configured (LECTERN_SMTP_URL, LECTERN_MAIL_FROM).';

/** What a send check is asked about: the queued mail's site, account, address and template, and the arguments it was queued with. */
export interface MailToCheck {
  tenantId: string | null;
  userId: string | undefined;
  to: string;
  template: string;
  args: Readonly<Record<string, string>>;
}

/** Whether a mail may still go out; when not, a short reason for the log and the job record. */
export type MailSendVerdict = { send: true } | { send: false; reason: string };

/**
 * Asked just before a mail that names it (RenderedMailRequest.sendCheck) is handed to the SMTP
 * server, on every attempt: a mail queued while something held (consent to update e-mails) must
 * not go out after it stopped holding, however long the mail waited for a retry.
 */
export type MailSendCheck = (mail: MailToCheck) => Promise<MailSendVerdict>;

/** Send checks by name; a feature that queues conditional mail registers its check here (server.ts). */
export type MailSendChecks = Readonly<Record<string, MailSendCheck>>;

export interface MailJobOptions {
  checks?: MailSendChecks;
  log?: JobLog;
}

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
 *
 * A mail that names a send check goes out only if the check, asked now, says so. When it says no,
 * the mail is dropped for good (done, not retried, not an error: its reason is logged at info and
 * kept with the job instead of the message). A check this node does not know is an error: the
 * mail is not sent unchecked, it is retried like any failed send.
 */
export function mailJobHandlers(config: MailConfig | undefined, db?: Db, options: MailJobOptions = {}): JobHandlers {
  if (!config) return {};
  const transport = createMailTransport(config);
  const checks = options.checks ?? {};
  return {
    [MAIL_SEND]: async (payload, job) => {
      const mail = queuedMail.parse(payload);
      if (mail.sendCheck) {
        const check = checks[mail.sendCheck.name];
        if (!check) throw new Error(`the mail's send check ${mail.sendCheck.name} is not registered on this node; the mail is not sent unchecked`);
        const verdict = await check({ tenantId: job.tenantId, userId: mail.userId, to: mail.to, template: mail.template, args: mail.sendCheck.args });
        if (!verdict.send) {
          options.log?.info({ job: { id: job.id, kind: job.kind, tenantId: job.tenantId }, template: mail.template, check: mail.sendCheck.name, reason: verdict.reason }, 'mail not sent: its send check no longer holds');
          return { keepPayload: { to: mail.to, template: mail.template, subject: mail.subject, notSent: verdict.reason } };
        }
      }
      const messageId = await sendMail(transport, fromOf(config.from, await senderNameOf(db, job.tenantId)), mail);
      return { keepPayload: { to: mail.to, template: mail.template, subject: mail.subject, messageId } };
    },
  };
}
