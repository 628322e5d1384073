import type { Orm } from '../db/client.js';
import { enqueueMail, type MailRequest } from '../mail/mail.queue.js';
import { AppError } from '../http/errors.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { AuditAction } from '../audit/audit-actions.js';
import type { MailTemplate } from '../mail/mail-templates.js';
import { linkTo, mailLanguage, type FlowContext } from './flow-context.js';
import { issueUserToken } from './user-tokens.service.js';
import type { UserTokenPurpose } from './user-tokens.js';
import { findPasswordHashById, findUserById, type User } from './users.repository.js';
import { siteNameOf } from '../branding/branding.service.js';

/**
 * How a one-time link reached (or is to reach) its user: mailed, or, when this site sends no
 * mail, handed to the administrator who asked, to copy and pass on. Only then is the link in
 * an answer; it points to the site's configured address (FlowContext.siteUrl), never the Host.
 */
export type LinkHandover = { mail: 'queued' } | { mail: 'off'; link: string };

/**
 * Queues a one-time link's mail in the caller's transaction, or, with mail off, returns the
 * link for the administrator instead (a mail queued then would only arrive once SMTP is set up,
 * with a link that may have been replaced or used by then).
 */
export async function handOverLink(tx: Orm, context: FlowContext, mail: MailRequest): Promise<LinkHandover> {
  if (!context.mailConfigured) return { mail: 'off', link: mail.data.link };
  await enqueueMail(tx, mail);
  return { mail: 'queued' };
}

/**
 * The active user an administrator sends a one-time link to: an invitation only to one without a
 * password yet (`hasPassword` false), a password reset only to one with a password.
 */
export async function linkRecipient(tx: Orm, userId: string, hasPassword: boolean): Promise<User> {
  const user = await findUserById(tx, userId);
  if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
  if (user.status !== 'active') throw new AppError('USER_DEACTIVATED');
  const passwordSet = (await findPasswordHashById(tx, userId)) !== null;
  if (passwordSet !== hasPassword) throw new AppError(passwordSet ? 'USER_HAS_PASSWORD' : 'USER_HAS_NO_PASSWORD');
  return user;
}

/**
 * An administrator sends a user a new one-time link (their older ones of this purpose stop
 * working), handed over by mail or to the administrator, and audited; in the caller's transaction.
 */
export async function sendLinkByAdmin(
  tx: Orm,
  context: FlowContext,
  admin: User,
  user: User,
  link: { purpose: UserTokenPurpose; template: MailTemplate; page: string; action: AuditAction; details?: Record<string, string> },
): Promise<LinkHandover> {
  const token = await issueUserToken(tx, user.id, link.purpose);
  const handover = await handOverLink(tx, context, {
    to: user.email,
    userId: user.id,
    template: link.template,
    language: mailLanguage(context),
    data: { tenantName: siteNameOf(context.tenant), firstName: user.firstName, link: linkTo(context, link.page, token) },
  });
  await insertAuditEvent(tx, {
    action: link.action,
    actorUserId: admin.id,
    actorIp: context.ip,
    userAgent: context.userAgent,
    requestId: context.requestId,
    targetType: 'user',
    targetId: user.id,
    details: { ...link.details, mail: handover.mail },
  });
  return handover;
}
