import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { enqueueMail } from '../mail/mail.queue.js';
import type { ChangeEmailRequest, ChangePasswordRequest } from './account.contract.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { linkTo, mailLanguage, requesterOf, type FlowContext } from './flow-context.js';
import { confirmReauthentication, reauthenticationOf } from './credentials.js';
import { hashPassword } from './password-hash.js';
import { hashSessionId } from './session-token.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { renewSessionId } from './sessions.service.js';
import { isUniqueViolation } from '../db/constraint-violations.js';
import { consumeLinkToken, issueUserToken, tokenHolder } from './user-tokens.service.js';
import { findUserByEmail, findUserById, updatePasswordHash, updateUserEmail, type User } from './users.repository.js';
import { assertPasswordPolicy } from './users.service.js';
import { endMailConsentsAtAddressChange } from '../privacy/consent/address-change.js';
import { siteNameOf } from '../branding/branding.service.js';

/**
 * Sets a new password for the signed-in user (after the current password and, with two-factor
 * sign-in, a code: full re-authentication), ends their other sessions, gives this one a new
 * id (returned, for the new cookie) and sends them a notice, so a change they did not make does
 * not go unnoticed.
 */
export async function changePassword(
  db: Db,
  context: FlowContext,
  user: User,
  sessionId: string,
  input: ChangePasswordRequest,
): Promise<{ sessionId: string; expiresAt: Date }> {
  // A password set for the user (and shown or stored somewhere) must not stay in use under a new name.
  if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
    throw new AppError('USER_PASSWORD_UNCHANGED', [{ field: 'newPassword', message: { en: 'same as the current password', de: 'gleich dem aktuellen Passwort' } }]);
  }
  // The new password is judged before the credentials are checked, so a recovery code is not used up by a refused change.
  assertPasswordPolicy(input.newPassword, { tenant: context.tenant, person: user }, 'newPassword');
  await confirmReauthentication(db, context, user, reauthenticationOf(input), 'password_change');
  const passwordHash = await hashPassword(input.newPassword);
  return db.withTenant(context.tenant.id, async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    const ended = await deleteSessionsOfUser(tx, user.id, hashSessionId(sessionId));
    const renewed = await renewSessionId(tx, sessionId);
    await enqueueMail(tx, {
      to: user.email,
      userId: user.id,
      template: 'password_changed',
      language: mailLanguage(context),
      data: { tenantName: siteNameOf(context.tenant), firstName: user.firstName, link: linkTo(context, '/reset-password') },
    });
    await insertAuditEvent(tx, {
      action: 'user.password_changed',
      actorUserId: user.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: user.id,
      details: { otherSessionsEnded: ended },
    });
    return renewed;
  });
}

function emailTaken(email: string): AppError {
  return new AppError('USER_EMAIL_TAKEN', [{ field: 'newEmail', value: email }]);
}

/** The job that checks the new address and mails the confirmation link, after the request has been answered. */
export const EMAIL_CHANGE_JOB = 'identity.email_change';

/**
 * Accepts a change of address once the current password (and, with two-factor sign-in, a code)
 * is right. Whether the new address is free is decided by the job (sendEmailChangeLink), not
 * here: the answer and its time are the same for a free address and one that belongs to
 * another account, so the form tells nobody which addresses have accounts.
 */
export async function requestEmailChange(db: Db, context: FlowContext, user: User, input: ChangeEmailRequest): Promise<void> {
  await confirmReauthentication(db, context, user, reauthenticationOf(input), 'email_change');
  const newEmail = input.newEmail.trim();
  await db.withTenant(context.tenant.id, (tx) => enqueueJob(tx, { kind: EMAIL_CHANGE_JOB, payload: { userId: user.id, newEmail, ...requesterOf(context) } }));
}

/**
 * Mails a confirmation link to the new address; the address changes only when that link is
 * followed. When the address belongs to another account, its owner is told instead (someone
 * asked to use it; nothing changed) and no link is made.
 */
export async function sendEmailChangeLink(db: Db, context: FlowContext, userId: string, newEmail: string): Promise<void> {
  await db.withTenant(context.tenant.id, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || user.status !== 'active') return;
    const owner = await findUserByEmail(tx, newEmail);
    const inUse = owner !== undefined && owner.id !== user.id;
    if (inUse) {
      await enqueueMail(tx, {
        to: owner.email,
        userId: owner.id,
        template: 'email_address_in_use',
        language: mailLanguage(context),
        data: { tenantName: siteNameOf(context.tenant), firstName: owner.firstName, link: linkTo(context, '/sign-in') },
      });
    } else {
      const token = await issueUserToken(tx, user.id, 'email_change', newEmail);
      await enqueueMail(tx, {
        to: newEmail,
        userId: user.id,
        template: 'email_change',
        language: mailLanguage(context),
        data: { tenantName: siteNameOf(context.tenant), firstName: user.firstName, link: linkTo(context, '/confirm-email', token) },
      });
    }
    await insertAuditEvent(tx, {
      action: 'user.email_change_requested',
      actorUserId: user.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: user.id,
      details: inUse ? { to: newEmail, refused: 'address_in_use' } : { to: newEmail },
    });
  });
}

/**
 * Switches to the confirmed address; refused when another user of the site has taken it meanwhile.
 * Consent to update e-mails, given by the old address, ends with it.
 */
export async function confirmEmailChange(db: Db, context: FlowContext, token: string): Promise<{ email: string }> {
  const { user, newEmail } = await tokenHolder(db, context, token, 'email_change');
  if (!newEmail) throw new AppError('AUTH_TOKEN_EXPIRED_OR_USED');
  try {
    await db.withTenant(context.tenant.id, async (tx) => {
      const owner = await findUserByEmail(tx, newEmail);
      if (owner && owner.id !== user.id) throw emailTaken(newEmail);
      await consumeLinkToken(tx, token, 'email_change', user.id);
      await updateUserEmail(tx, user.id, newEmail);
      const actor = { actorUserId: user.id, actorIp: context.ip, userAgent: context.userAgent, requestId: context.requestId };
      await insertAuditEvent(tx, { action: 'user.email_changed', ...actor, targetType: 'user', targetId: user.id, details: { from: user.email, to: newEmail } });
      // The new address proved it is theirs, not that it wants update e-mails: they are asked again.
      await endMailConsentsAtAddressChange(tx, { userId: user.id, from: user.email, to: newEmail }, actor);
    });
  } catch (error) {
    // Taken in the same instant by someone else: the unique index decides.
    if (isUniqueViolation(error)) throw emailTaken(newEmail);
    throw error;
  }
  return { email: newEmail };
}
