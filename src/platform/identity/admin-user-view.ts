import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import type { AdminUserView } from './identity.contract.js';
import { findUserWithInvitation, type UserWithInvitation } from './users.repository.js';

export function toAdminUserView({ id, email, firstName, lastName, roles, status, invitation }: UserWithInvitation): AdminUserView {
  return { id, email, firstName, lastName, roles, status, invitation };
}

/** The user as the administration shows them after a change, read back in its own transaction. */
export async function adminUserViewOf(db: Db, tenantId: string, userId: string): Promise<AdminUserView> {
  const user = await db.withTenant(tenantId, (tx) => findUserWithInvitation(tx, userId));
  if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
  return toAdminUserView(user);
}
