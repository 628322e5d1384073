import type { Db, Orm } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { createUserInput, type CreateUserInput } from './identity.contract.js';
import { hashPassword } from './password-hash.js';
import { findTenantById } from '../tenancy/tenants.repository.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import { DEFAULT_POLICY, passwordRuleMessage, policyOf, unmetPasswordRules, type PersonalData, type SiteWords } from './password-policy.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { findUserByEmail, findUserById, insertUser, requirePasswordChange, updatePasswordHash, updateUserRoles, type User } from './users.repository.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { canonicalRoles, type Role } from './identity.contract.js';
import type { ClientInfo } from './sessions.service.js';
import type { Actor } from '../access/actor.js';
import { usersPolicy } from './users.policy.js';
import { assertNotErased } from './erased-account.js';
import { userActor } from '../access/actor.js';

/**
 * Refuses a password that misses any rule of the tenant's policy (the default policy when no
 * tenant is given) or contains the person's or the site's words, listing every unmet rule in
 * both languages. Every place that sets a password calls this.
 */
export function assertPasswordPolicy(
  password: string,
  context: { tenant?: ({ settings: object } & SiteWords) | undefined; person?: PersonalData } = {},
  field = 'password',
): void {
  const policy = context.tenant ? policyOf(settingsOf(context.tenant)) : DEFAULT_POLICY;
  const unmet = unmetPasswordRules(password, policy, context.person, context.tenant);
  if (unmet.length > 0) {
    throw new AppError(
      'USER_PASSWORD_POLICY',
      unmet.map((rule) => ({ field, message: passwordRuleMessage(rule, policy) })),
    );
  }
}

async function tenantForPolicy(db: Db, tenantId: string) {
  const tenant = await findTenantById(db.owner, tenantId);
  if (!tenant) throw new AppError('TENANT_NOT_FOUND');
  return tenant;
}

/** `hash` replaces the in-process hashing (the demo seed hashes in a child process). */
export async function createUser(db: Db, tenantId: string, input: CreateUserInput, hash: (password: string) => Promise<string> = hashPassword): Promise<User> {
  const parsed = createUserInput.parse(input);
  if (parsed.password !== undefined) {
    assertPasswordPolicy(parsed.password, { tenant: await tenantForPolicy(db, tenantId), person: parsed });
  }
  const passwordHash = parsed.password !== undefined ? await hash(parsed.password) : null;
  return db.withTenant(tenantId, async (tx) => {
    if (await findUserByEmail(tx, parsed.email)) {
      throw new AppError('USER_EMAIL_TAKEN', [{ field: 'email', value: parsed.email }]);
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

/**
 * Sets a new password (an operator's: `lectern user reset-password`) and ends every session of
 * the user, who must choose their own password at the next sign-in.
 */
export async function resetPassword(db: Db, tenantId: string, email: string, password: string): Promise<User> {
  const tenant = await tenantForPolicy(db, tenantId);
  const existing = await db.withTenant(tenantId, (tx) => findUserByEmail(tx, email));
  if (!existing) throw new AppError('USER_NOT_FOUND', [{ field: 'email', value: email }]);
  assertPasswordPolicy(password, { tenant, person: existing });
  const passwordHash = await hashPassword(password);
  return db.withTenant(tenantId, async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'email', value: email }]);
    await updatePasswordHash(tx, user.id, passwordHash, { changeRequired: true });
    await deleteSessionsOfUser(tx, user.id);
    return { ...user, passwordChangeRequired: true };
  });
}

/** The user must choose their own password at the next sign-in (the one they have was made up for them). */
export async function requireNewPassword(db: Db, tenantId: string, userId: string): Promise<void> {
  await db.withTenant(tenantId, (tx) => requirePasswordChange(tx, userId));
}

/** A user of the tenant, visible to administrators and managers, and to the user themself. */
export async function getUser(db: Db, tenantId: string, viewer: Actor, userId: string): Promise<User> {
  usersPolicy.assert(viewer, 'view', { userId });
  const user = await db.withTenant(tenantId, (tx) => findUserById(tx, userId));
  if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
  return user;
}

/**
 * Changes a user's roles. The user's sessions end, so the new privileges take effect with a
 * fresh sign-in (a new session id); administrators cannot take the admin role from themselves.
 */
export async function changeRoles(
  db: Db,
  tenantId: string,
  actor: { user: User; client: ClientInfo },
  userId: string,
  roles: Role[],
): Promise<User> {
  // The route's guard asked already; the use case asks again, so no other caller can skip it.
  usersPolicy.assert(userActor(actor.user), 'manage');
  if (actor.user.id === userId && !roles.includes('admin')) throw new AppError('USER_CANNOT_CHANGE_SELF', [{ field: 'roles', value: 'admin' }]);
  return db.withTenant(tenantId, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw new AppError('USER_NOT_FOUND', [{ field: 'id', value: userId }]);
    assertNotErased(user);
    return { ...user, roles: await changeRolesIn(tx, actor, user, roles) };
  });
}

/**
 * A role change in the caller's transaction (the user administration's and an access review's):
 * the roles are stored, the user's sessions end unless the change is the actor's own, and it is
 * audited as `user.roles_changed`; `details` adds to the entry (e.g. `by: 'access_review'`).
 */
export async function changeRolesIn(
  tx: Orm,
  actor: { user: User; client: ClientInfo },
  user: User,
  roles: Role[],
  details: Record<string, unknown> = {},
): Promise<Role[]> {
  const unique = canonicalRoles(roles);
  await updateUserRoles(tx, user.id, unique);
  if (actor.user.id !== user.id) await deleteSessionsOfUser(tx, user.id);
  await insertAuditEvent(tx, {
    action: 'user.roles_changed',
    actorUserId: actor.user.id,
    actorIp: actor.client.ip,
    userAgent: actor.client.userAgent,
    requestId: actor.client.requestId,
    targetType: 'user',
    targetId: user.id,
    details: { from: user.roles, to: unique, ...details },
  });
  return unique;
}
