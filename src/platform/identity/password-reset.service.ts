import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { BulkLinkHandoverView } from './identity.contract.js';
import { enqueueMail } from '../mail/mail.queue.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { linkRecipient, sendLinkByAdmin, type LinkHandover } from './link-handover.js';
import { linkTo, mailLanguage, requesterOf, type FlowContext } from './flow-context.js';
import { hashPassword } from './password-hash.js';
import type { PasswordResetCompleteRequest } from './password-reset.contract.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { hasRecentUserToken } from './user-tokens.repository.js';
import { consumeLinkToken, issueUserToken, tokenHolder } from './user-tokens.service.js';
import { findUserByEmail, updatePasswordHash, type User } from './users.repository.js';
import { assertPasswordPolicy } from './users.service.js';
import { userActor } from '../access/actor.js';
import { usersPolicy } from './users.policy.js';
import { siteNameOf } from '../branding/branding.service.js';

/** One reset mail per account per minute at most: the form cannot be used to flood someone's mailbox. */
const RESET_MAIL_INTERVAL_MS = 60_000;

/** The job that looks for the account and mails the link, after the request has been answered. */
export const PASSWORD_RESET_JOB = 'identity.password_reset';

/**
 * Accepts a reset request for any address: the request only queues a job, the same work for a
 * known and an unknown address, so neither its answer nor its time tells whether an account
 * exists. The job (sendPasswordResetLink) does the rest.
 */
export async function requestPasswordReset(db: Db, context: FlowContext, email: string): Promise<void> {
  await db.withTenant(context.tenant.id, (tx) => enqueueJob(tx, { kind: PASSWORD_RESET_JOB, payload: { email, ...requesterOf(context) } }));
}

/**
 * Mails a reset link to an active account with this address, at most one a minute per account
 * (the form cannot be used to flood someone's mailbox); nothing for any other address.
 */
export async function sendPasswordResetLink(db: Db, context: FlowContext, email: string): Promise<void> {
  const { tenant } = context;
  await db.withTenant(tenant.id, async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.status !== 'active') return;
    if (await hasRecentUserToken(tx, user.id, 'password_reset', RESET_MAIL_INTERVAL_MS)) return;
    const token = await issueUserToken(tx, user.id, 'password_reset');
    await enqueueMail(tx, {
      to: user.email,
      userId: user.id,
      template: 'password_reset',
      language: mailLanguage(context),
      data: { tenantName: siteNameOf(tenant), firstName: user.firstName, link: linkTo(context, '/reset-password', token) },
    });
    await insertAuditEvent(tx, {
      action: 'user.password_reset_requested',
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: user.id,
    });
  });
}

/**
 * An administrator sends a user a password reset link (valid 30 minutes), by mail or, with mail
 * off, handed to them to pass on; the user's older reset links stop working. The user's sessions
 * and password stay as they are until the link is used: a reset the user did not ask for must not
 * lock them out, and completing it ends every session (completePasswordReset).
 */
export async function sendPasswordResetByAdmin(db: Db, context: FlowContext, admin: User, userId: string): Promise<LinkHandover> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(admin), 'manage');
  const { tenant } = context;
  return db.withTenant(tenant.id, async (tx) => {
    const user = await linkRecipient(tx, userId, true);
    return sendLinkByAdmin(tx, context, admin, user, { purpose: 'password_reset', template: 'password_reset', page: '/reset-password', action: 'user.password_reset_sent' });
  });
}

/**
 * Password reset links for several users at once, all or none: a user who is unknown, deactivated
 * or has no password yet (a pending invitation) refuses the whole request, naming `userIds.<i>`.
 */
export async function sendPasswordResetsByAdmin(db: Db, context: FlowContext, admin: User, userIds: string[]): Promise<BulkLinkHandoverView> {
  usersPolicy.assert(userActor(admin), 'manage');
  const ids = [...new Set(userIds)];
  return db.withTenant(context.tenant.id, async (tx) => {
    const recipients: User[] = [];
    for (const id of ids) {
      try {
        recipients.push(await linkRecipient(tx, id, true));
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, [{ field: `userIds.${userIds.indexOf(id)}`, value: id }]);
        throw error;
      }
    }
    // Mail is on or off for the whole site: either every link was queued or every one comes back.
    const links: NonNullable<BulkLinkHandoverView['links']> = [];
    for (const user of recipients) {
      const handover = await sendLinkByAdmin(tx, context, admin, user, { purpose: 'password_reset', template: 'password_reset', page: '/reset-password', action: 'user.password_reset_sent', details: { bulk: 'true' } });
      if (handover.mail === 'off') links.push({ userId: user.id, email: user.email, link: handover.link });
    }
    return links.length > 0 ? { mail: 'off', sent: recipients.length, links } : { mail: 'queued', sent: recipients.length };
  });
}

/** Sets the new password from a reset link, uses the link up and ends every session of the user. */
export async function completePasswordReset(db: Db, context: FlowContext, input: PasswordResetCompleteRequest): Promise<void> {
  const { tenant } = context;
  // The token is checked before the policy and the (deliberately slow) hashing: forged links cost little.
  const { user } = await tokenHolder(db, context, input.token, 'password_reset');
  assertPasswordPolicy(input.password, { tenant, person: user });
  const passwordHash = await hashPassword(input.password);
  await db.withTenant(tenant.id, async (tx) => {
    await consumeLinkToken(tx, input.token, 'password_reset', user.id);
    await updatePasswordHash(tx, user.id, passwordHash);
    const ended = await deleteSessionsOfUser(tx, user.id);
    await insertAuditEvent(tx, {
      action: 'user.password_reset',
      actorUserId: user.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: user.id,
      details: { sessionsEnded: ended },
    });
  });
}
