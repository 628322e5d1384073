import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db, Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { linkRecipient, sendLinkByAdmin, type LinkHandover } from './link-handover.js';
import type { FlowContext } from './flow-context.js';
import { inviteUserInput, type AcceptInvitationRequest, type InviteUserRequest } from './invitations.contract.js';
import { hashPassword } from './password-hash.js';
import { isUniqueViolation } from '../db/constraint-violations.js';
import { consumeLinkToken, tokenHolder } from './user-tokens.service.js';
import { findUserByEmail, insertUser, updatePasswordHash, type User } from './users.repository.js';
import { assertPasswordPolicy } from './users.service.js';
import { userActor } from '../access/actor.js';
import { usersPolicy } from './users.policy.js';

/** Issues an invitation link for a user without a password and hands it over (mail or administrator), in the caller's transaction. */
export async function sendInvitation(tx: Orm, context: FlowContext, admin: User, user: User, action: 'user.invited' | 'user.invitation_resent' = 'user.invited'): Promise<LinkHandover> {
  return sendLinkByAdmin(tx, context, admin, user, { purpose: 'invitation', template: 'invitation', page: '/accept-invitation', action, details: { email: user.email } });
}

/**
 * Creates a user without a password and sends an invitation link (valid 7 days) with which they
 * choose one. Until then the account cannot sign in. User, link, mail and audit commit together.
 */
export async function inviteUser(db: Db, context: FlowContext, admin: User, input: InviteUserRequest): Promise<{ user: User; handover: LinkHandover }> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(admin), 'manage');
  const parsed = inviteUserInput.parse(input);
  const { tenant } = context;
  try {
    return await db.withTenant(tenant.id, async (tx) => {
      if (await findUserByEmail(tx, parsed.email)) {
        throw new AppError('USER_EMAIL_TAKEN', [{ field: 'email', value: parsed.email }]);
      }
      const user = await insertUser(tx, { ...parsed, passwordHash: null });
      const actor = { actorUserId: admin.id, actorIp: context.ip, userAgent: context.userAgent, requestId: context.requestId, targetType: 'user', targetId: user.id };
      await insertAuditEvent(tx, { ...actor, action: 'user.created', details: { email: user.email, roles: user.roles } });
      return { user, handover: await sendInvitation(tx, context, admin, user) };
    });
  } catch (error) {
    // Two invitations for the same address at the same moment: the unique index refuses the second.
    if (isUniqueViolation(error)) throw new AppError('USER_EMAIL_TAKEN', [{ field: 'email', value: parsed.email }]);
    throw error;
  }
}

/**
 * Sends an invited user a new invitation link (valid 7 days again); the previous one stops
 * working. Only for an active user who has no password yet: one who has needs a password reset.
 */
export async function resendInvitation(db: Db, context: FlowContext, admin: User, userId: string): Promise<LinkHandover> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(admin), 'manage');
  return db.withTenant(context.tenant.id, async (tx) => {
    const user = await linkRecipient(tx, userId, false);
    return sendInvitation(tx, context, admin, user, 'user.invitation_resent');
  });
}

/** Sets the invited user's password from the invitation link; they can sign in from then on. */
export async function acceptInvitation(db: Db, context: FlowContext, input: AcceptInvitationRequest): Promise<void> {
  const { tenant } = context;
  const { user } = await tokenHolder(db, context, input.token, 'invitation');
  assertPasswordPolicy(input.password, { tenant, person: user });
  const passwordHash = await hashPassword(input.password);
  await db.withTenant(tenant.id, async (tx) => {
    await consumeLinkToken(tx, input.token, 'invitation', user.id);
    await updatePasswordHash(tx, user.id, passwordHash);
    await insertAuditEvent(tx, {
      action: 'user.invitation_accepted',
      actorUserId: user.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: user.id,
    });
  });
}
