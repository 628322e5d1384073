import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { enqueueMail } from '../mail/mail.queue.js';
import type { ChangeEmailRequest, ChangePasswordRequest } from './account.contract.js';
import { linkTo, mailLanguage, type FlowContext } from './flow-context.js';
import { confirmPassword } from './credentials.js';
import { hashPassword } from './password-hash.js';
import { hashSessionId } from './session-token.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { isUniqueViolation } from './unique-violation.js';
import { consumeLinkToken, issueUserToken, tokenHolder } from './user-tokens.service.js';
import { findUserByEmail, updatePasswordHash, updateUserEmail, type User } from './users.repository.js';
import { assertPasswordPolicy } from './users.service.js';

/**
 * Sets a new password for the signed-in user, ends their other sessions (this one stays) and
 * sends them a notice, so a change they did not make does not go unnoticed.
 */
export async function changePassword(
  db: Db,
  context: FlowContext,
  user: User,
  sessionId: string,
  input: ChangePasswordRequest,
): Promise<void> {
  await confirmPassword(db, context, user, input.currentPassword, 'password_change');
  assertPasswordPolicy(input.newPassword, { tenant: context.tenant, person: user }, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.withTenant(context.tenant.id, async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    const ended = await deleteSessionsOfUser(tx, user.id, hashSessionId(sessionId));
    await enqueueMail(tx, {
      to: user.email,
      template: 'password_changed',
      language: mailLanguage(context),
      data: { tenantName: context.tenant.name, firstName: user.firstName, link: linkTo(context, '/reset-password') },
    });
    await insertAuditEvent(tx, {
      action: 'user.password_changed',
      actorUserId: user.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      targetType: 'user',
      targetId: user.id,
      details: { otherSessionsEnded: ended },
    });
  });
}

function emailTaken(email: string): AppError {
  return new AppError('USER_EMAIL_TAKEN', [{ field: 'newEmail', message: email }]);
}

/** Mails a confirmation link to the new address; the address changes only when that link is followed. */
export async function requestEmailChange(db: Db, context: FlowContext, user: User, input: ChangeEmailRequest): Promise<void> {
  await confirmPassword(db, context, user, input.currentPassword, 'email_change');
  const newEmail = input.newEmail.trim();
  await db.withTenant(context.tenant.id, async (tx) => {
    if (await findUserByEmail(tx, newEmail)) throw emailTaken(newEmail);
    const token = await issueUserToken(tx, user.id, 'email_change', newEmail);
    await enqueueMail(tx, {
      to: newEmail,
      template: 'email_change',
      language: mailLanguage(context),
      data: { tenantName: context.tenant.name, firstName: user.firstName, link: linkTo(context, '/confirm-email', token) },
    });
    await insertAuditEvent(tx, {
      action: 'user.email_change_requested',
      actorUserId: user.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      targetType: 'user',
      targetId: user.id,
      details: { to: newEmail },
    });
  });
}

/** Switches to the confirmed address; refused when another user of the site has taken it meanwhile. */
export async function confirmEmailChange(db: Db, context: FlowContext, token: string): Promise<{ email: string }> {
  const { user, newEmail } = await tokenHolder(db, context, token, 'email_change');
  if (!newEmail) throw new AppError('AUTH_TOKEN_EXPIRED_OR_USED');
  try {
    await db.withTenant(context.tenant.id, async (tx) => {
      const owner = await findUserByEmail(tx, newEmail);
      if (owner && owner.id !== user.id) throw emailTaken(newEmail);
      await consumeLinkToken(tx, token, 'email_change', user.id);
      await updateUserEmail(tx, user.id, newEmail);
      await insertAuditEvent(tx, {
        action: 'user.email_changed',
        actorUserId: user.id,
        actorIp: context.ip,
        userAgent: context.userAgent,
        targetType: 'user',
        targetId: user.id,
        details: { from: user.email, to: newEmail },
      });
    });
  } catch (error) {
    // Taken in the same instant by someone else: the unique index decides.
    if (isUniqueViolation(error)) throw emailTaken(newEmail);
    throw error;
  }
  return { email: newEmail };
}
