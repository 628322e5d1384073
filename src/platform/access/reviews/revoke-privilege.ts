import { AppError } from '../../http/errors.js';
import { findToken } from '../../identity/api-tokens/api-tokens.repository.js';
import { revokeTokenIn } from '../../identity/api-tokens/api-tokens.service.js';
import type { Role } from '../../identity/identity.contract.js';
import { findUserById } from '../../identity/users.repository.js';
import { changeRolesIn } from '../../identity/users.service.js';
import { assertAnotherActiveAdmin } from '../../identity/last-admin.js';
import type { UseCase } from '../request-context.js';
import { endGrant } from '../staff/staff-grants.service.js';
import type { PrivilegeKind } from './access-reviews.contract.js';
import type { PrivilegeSource } from './privilege-source.js';

/** What revoking did: ended the privilege, or found it ended already (expired, revoked elsewhere). */
export type RevocationEffect = 'revoked' | 'already_gone';

/**
 * Takes one role from a user, as the user administration does (users.service changeRoles): an
 * administrator cannot take the admin role from themselves, the site keeps at least one
 * administrator, the user's sessions end so the change applies at once, and the change is audited
 * as a role change. A user left without a role keeps `learner`.
 */
async function revokeRole(useCase: UseCase, userId: string, role: string): Promise<RevocationEffect> {
  if (useCase.user.id === userId && role === 'admin') throw new AppError('USER_CANNOT_CHANGE_SELF', [{ field: 'roles', value: 'admin' }]);
  const user = await findUserById(useCase.tx, userId);
  if (!user || !user.roles.includes(role as Role)) return 'already_gone';
  // Defence in depth: a reviewer who is not one of the site's users could otherwise take the last admin role.
  if (role === 'admin' && user.status === 'active') await assertAnotherActiveAdmin(useCase.tx, user.id);
  const remaining = user.roles.filter((r) => r !== role);
  await changeRolesIn(useCase.tx, useCase, user, remaining.length > 0 ? remaining : ['learner'], { by: 'access_review' });
  return 'revoked';
}

/** Revokes a token as the administrators' token list does (api-tokens.service), in the review's transaction. */
async function revokeApiToken(useCase: UseCase, tokenId: string): Promise<RevocationEffect> {
  const token = await findToken(useCase.tx, tokenId);
  if (!token) return 'already_gone';
  return (await revokeTokenIn(useCase.tx, useCase.user, useCase.client, token, { byAdmin: true, by: 'access_review' })) ? 'revoked' : 'already_gone';
}

/** Ends the privilege an item of a review stands for, inside the decision's transaction. */
export async function revokePrivilege(
  useCase: UseCase,
  item: { kind: PrivilegeKind; subjectId: string; privilege: string },
  sources: readonly PrivilegeSource[],
): Promise<RevocationEffect> {
  switch (item.kind) {
    case 'staff_grant':
      // endGrant also ends the staff sessions opened under the grant, in this commit, and logs it for the site.
      return (await endGrant(useCase.tx, item.subjectId, { kind: 'user', userId: useCase.user.id }, { ip: useCase.client.ip, requestId: useCase.requestId })) ? 'revoked' : 'already_gone';
    case 'role':
      return revokeRole(useCase, item.subjectId, item.privilege);
    case 'api_token':
      return revokeApiToken(useCase, item.subjectId);
    default: {
      const source = sources.find((s) => s.kind === item.kind);
      if (!source) throw new AppError('ACCESS_REVIEW_KIND_UNAVAILABLE', [{ field: 'kind', value: item.kind }]);
      return source.revoke(useCase, item.subjectId);
    }
  }
}
