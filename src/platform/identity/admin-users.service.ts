import { assertNotErased } from './erased-account.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Db, Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { FlowContext } from './flow-context.js';
import { revokeTokensOfUser } from './api-tokens/api-tokens.repository.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { deleteUnusedUserTokensOfUser } from './user-tokens.repository.js';
import { deleteUserRow, findUserByEmail, findUserById, findUsersByIds, updateUserProfile, updateUserStatus, type User } from './users.repository.js';
import type { UpdateUserRequest } from './identity.contract.js';
import { isUniqueViolation } from '../db/constraint-violations.js';
import { userActor } from '../access/actor.js';
import { usersPolicy } from './users.policy.js';
import { eraseFromAreas } from '../privacy/area-erasure.js';
import type { PrivacyArea } from '../privacy/privacy-areas.js';
import { erasedIdentityOf } from '../privacy/user-erasure.js';
import { deleteQueuedMailsOfAccount } from '../privacy/privacy.repository.js';
import { endMailConsentsAtAddressChange } from '../privacy/consent/address-change.js';

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
    return applyStatus(tx, context, admin, user, active);
  });
}

/** Sets one user's status in the caller's transaction: deactivating ends their sessions and revokes their tokens and links. */
async function applyStatus(tx: Orm, context: FlowContext, admin: User, user: User, active: boolean): Promise<User> {
  const userId = user.id;
  if (active) assertNotErased(user);
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
}

/**
 * Deactivates or reactivates several users at once, all or none: an id that is no user of the
 * site refuses the whole request (naming it), and an administrator cannot deactivate themself.
 * Returns how many changed.
 */
export async function setUsersActive(db: Db, context: FlowContext, admin: User, userIds: string[], active: boolean): Promise<number> {
  usersPolicy.assert(userActor(admin), 'manage');
  const self = userIds.indexOf(admin.id);
  if (!active && self >= 0) throw new AppError('USER_CANNOT_DEACTIVATE_SELF', [{ field: `userIds.${self}`, value: admin.id }]);
  return db.withTenant(context.tenant.id, async (tx) => {
    const found = await findUsersByIds(tx, [...new Set(userIds)]);
    const unknown = userIds.flatMap((id, index) => (found.has(id) ? [] : [{ field: `userIds.${index}`, value: id }]));
    if (unknown.length > 0) throw new AppError('USER_NOT_FOUND', unknown);
    let changed = 0;
    for (const user of found.values()) {
      if (user.status === (active ? 'active' : 'deactivated')) continue;
      await applyStatus(tx, context, admin, user, active);
      changed++;
    }
    return changed;
  });
}

/**
 * An administrator changes a user's names or e-mail address; audited with before and after. A new
 * address ends the consent to update e-mails: the old address gave it.
 */
export async function updateUserByAdmin(db: Db, context: FlowContext, admin: User, userId: string, input: UpdateUserRequest): Promise<User> {
  usersPolicy.assert(userActor(admin), 'manage');
  const values = {
    ...(input.firstName !== undefined ? { firstName: input.firstName.trim() } : {}),
    ...(input.lastName !== undefined ? { lastName: input.lastName.trim() } : {}),
    ...(input.email !== undefined ? { email: input.email.trim().toLowerCase() } : {}),
  };
  try {
    return await db.withTenant(context.tenant.id, async (tx) => {
      const user = await findUserById(tx, userId);
      if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
      assertNotErased(user);
      if (values.email !== undefined && values.email !== user.email.toLowerCase()) {
        const other = await findUserByEmail(tx, values.email);
        if (other && other.id !== userId) throw new AppError('USER_EMAIL_TAKEN', [{ field: 'email', value: values.email }]);
      }
      const updated = (await updateUserProfile(tx, userId, values))!;
      const before = Object.fromEntries(Object.keys(values).map((key) => [key, user[key as keyof User] ?? null]));
      const actor = { actorUserId: admin.id, actorIp: context.ip, userAgent: context.userAgent, requestId: context.requestId };
      await insertAuditEvent(tx, { action: 'user.updated', ...actor, targetType: 'user', targetId: userId, details: { before, after: values } });
      // Nobody at the new address asked for update e-mails.
      if (values.email !== undefined) await endMailConsentsAtAddressChange(tx, { userId, from: user.email, to: values.email }, actor);
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('USER_EMAIL_TAKEN', [{ field: 'email', value: values.email ?? '' }]);
    throw error;
  }
}

/**
 * Deletes a user for good: their sessions, tokens, links, group memberships, enrolments and
 * progress go with them; the audit log keeps its entries (with the user's id and, in this
 * entry, their e-mail address). An administrator cannot delete themself.
 */
export async function deleteUserByAdmin(db: Db, context: FlowContext, admin: User, userId: string, areas: readonly PrivacyArea[]): Promise<void> {
  usersPolicy.assert(userActor(admin), 'manage');
  if (admin.id === userId) throw new AppError('USER_CANNOT_DELETE_SELF');
  await db.withTenant(context.tenant.id, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
    // What the areas keep outside the user row (xAPI statements naming the address, documents)
    // would outlive it: each area erases the person first, as at an erasure.
    const removed = await eraseFromAreas(tx, areas, userId, erasedIdentityOf(context, user));
    await deleteUserRow(tx, userId);
    await insertAuditEvent(tx, {
      action: 'user.deleted',
      actorUserId: admin.id,
      actorIp: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      targetType: 'user',
      targetId: userId,
      details: { email: user.email, roles: user.roles, removed },
    });
  });
  // The mail queue is the job worker's table, outside the tenant transaction: the account's mails
  // that have not gone out (an invitation to a mistyped address) leave it once the deletion has committed.
  await deleteQueuedMailsOfAccount(db.owner, context.tenant.id, userId);
}
