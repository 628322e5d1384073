import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { FlowContext } from './flow-context.js';
import { revokeTokensOfUser } from './api-tokens/api-tokens.repository.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { deleteUnusedUserTokensOfUser } from './user-tokens.repository.js';
import { findUserById, updateUserStatus, type User } from './users.repository.js';
import { userActor } from '../access/actor.js';
import { usersPolicy } from './users.policy.js';

/**
 * Deactivates or reactivates a user (administrators only, checked by the route). Deactivating
 * ends all of the user's sessions at once and revokes their API tokens and unused e-mailed links
 * (invitation, password reset, e-mail change), so that reactivating does not bring them back;
 * an administrator cannot lock themself out.
 */
export async function setUserActive(db: Db, context: FlowContext, admin: User, userId: string, active: boolean): Promise<User> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(admin), 'manage');
  if (!active && admin.id === userId) throw new AppError('USER_CANNOT_DEACTIVATE_SELF');
  return db.withTenant(context.tenant.id, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
    const status = active ? 'active' : 'deactivated';
    if (user.status === status) return user;
    const updated = (await updateUserStatus(tx, userId, status)) ?? user;
    const revoked = active
      ? undefined
      : {
          sessionsEnded: await deleteSessionsOfUser(tx, userId),
          tokensRevoked: await revokeTokensOfUser(tx, userId),
          linksRevoked: await deleteUnusedUserTokensOfUser(tx, userId),
        };
    await insertAuditEvent(tx, {
      action: active ? 'user.reactivated' : 'user.deactivated',
      actorUserId: admin.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: userId,
      ...(revoked ? { details: revoked } : {}),
    });
    return updated;
  });
}
