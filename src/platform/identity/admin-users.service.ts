import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { FlowContext } from './flow-context.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { findUserById, updateUserStatus, type User } from './users.repository.js';

/**
 * Deactivates or reactivates a user (administrators only, checked by the route). Deactivating
 * ends all of the user's sessions at once; an administrator cannot lock themself out.
 */
export async function setUserActive(db: Db, context: FlowContext, admin: User, userId: string, active: boolean): Promise<User> {
  if (!active && admin.id === userId) throw new AppError('USER_CANNOT_DEACTIVATE_SELF');
  return db.withTenant(context.tenant.id, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', message: userId }]);
    const status = active ? 'active' : 'deactivated';
    if (user.status === status) return user;
    const updated = (await updateUserStatus(tx, userId, status)) ?? user;
    const sessionsEnded = active ? 0 : await deleteSessionsOfUser(tx, userId);
    await insertAuditEvent(tx, {
      action: active ? 'user.reactivated' : 'user.deactivated',
      actorUserId: admin.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      targetType: 'user',
      targetId: userId,
      ...(active ? {} : { details: { sessionsEnded } }),
    });
    return updated;
  });
}
