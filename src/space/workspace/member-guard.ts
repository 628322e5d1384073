import type { onRequestAsyncHookHandler } from 'fastify';
import { allow, markPolicyGuard } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { spaceWorkspacePolicy } from '../space.policy.js';
import { findMemberRole } from './members.repository.js';

/**
 * The guard of every Space route: a signed-in user of the site who is a Space member (site
 * administrators are owners without a row). Checked before the request's input is, so somebody
 * outside the Space learns nothing from its answers but that.
 */
export function spaceMembers(db: Db): onRequestAsyncHookHandler {
  const signedIn = allow(db, spaceWorkspacePolicy, 'use');
  const guard: onRequestAsyncHookHandler = async function (request, reply) {
    await signedIn.call(this, request, reply);
    const user = userOf(request);
    if (user.roles.includes('admin')) return;
    const role = await db.withTenant(tenantOf(request).id, (tx) => findMemberRole(tx, user.id));
    if (!role) throw new AppError('SPACE_NOT_MEMBER');
  };
  return markPolicyGuard(guard, spaceWorkspacePolicy, 'use');
}
