import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { createUserInput, type CreateUserInput } from './identity.contract.js';
import { hashPassword } from './password-hash.js';
import { passwordRuleMessages, unmetPasswordRules } from './password-policy.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { findUserByEmail, findUserById, insertUser, updatePasswordHash, type User } from './users.repository.js';

export function assertPasswordPolicy(password: string): void {
  const unmet = unmetPasswordRules(password);
  if (unmet.length > 0) {
    throw new AppError(
      'USER_PASSWORD_POLICY',
      unmet.map((rule) => ({ field: 'password', message: passwordRuleMessages[rule] })),
    );
  }
}

export async function createUser(db: Db, tenantId: string, input: CreateUserInput): Promise<User> {
  const parsed = createUserInput.parse(input);
  if (parsed.password !== undefined) assertPasswordPolicy(parsed.password);
  const passwordHash = parsed.password !== undefined ? await hashPassword(parsed.password) : null;
  return db.withTenant(tenantId, async (tx) => {
    if (await findUserByEmail(tx, parsed.email)) {
      throw new AppError('USER_EMAIL_TAKEN', [{ field: 'email', message: parsed.email }]);
    }
    return insertUser(tx, {
      email: parsed.email,
      firstName: parsed.firstName,
      lastName: parsed.lastName,
      roles: parsed.roles,
      passwordHash,
    });
  });
}

/** Sets a new password and ends every session of the user. */
export async function resetPassword(db: Db, tenantId: string, email: string, password: string): Promise<User> {
  assertPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  return db.withTenant(tenantId, async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'email', message: email }]);
    await updatePasswordHash(tx, user.id, passwordHash);
    await deleteSessionsOfUser(tx, user.id);
    return user;
  });
}

/** A user of the tenant, visible to administrators and managers, and to the user themself. */
export async function getUser(db: Db, tenantId: string, viewer: User, userId: string): Promise<User> {
  const mayView = viewer.id === userId || viewer.roles.includes('admin') || viewer.roles.includes('manager');
  if (!mayView) throw new AppError('AUTH_FORBIDDEN');
  const user = await db.withTenant(tenantId, (tx) => findUserById(tx, userId));
  if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', message: userId }]);
  return user;
}
