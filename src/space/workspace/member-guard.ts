import type { onRequestAsyncHookHandler } from 'fastify';
import { allow } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import { userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { spaceWorkspacePolicy, type SpaceWorkspaceAction } from '../space.policy.js';
import { findMemberRole } from './members.repository.js';

/**
 * The guards of every Space route: a signed-in user of the site who is a Space member (site
 * administrators are owners without a row), or an API token of such a user with `space:read`
 * (routes that only read, GET) or `space:write` (the others). Checked before the request's input
 * is, so somebody outside the Space learns nothing from its answers but that. `play` (the course
 * player, whose credential is bound to the session) admits no token. What the member may
 * do with an item is their role's (SPACE_ACTIONS), whichever way they came.
 */
export function spaceMembers(db: Db): Record<SpaceWorkspaceAction, onRequestAsyncHookHandler> {
  const guardFor = (action: SpaceWorkspaceAction): onRequestAsyncHookHandler => {
    const signedIn = allow(db, spaceWorkspacePolicy, action);
    const guard: onRequestAsyncHookHandler = async function (request, reply) {
      await signedIn.call(this, request, reply);
      const user = userOf(request);
      if (user.roles.includes('admin')) return;
      const role = await db.withTenant(tenantOf(request).id, (tx) => findMemberRole(tx, user.id));
      if (!role) throw new AppError('SPACE_NOT_MEMBER');
    };
    // The same marks as `allow` gives (the permission, and the token scope for the API reference).
    return Object.assign(guard, signedIn);
  };
  return { read: guardFor('read'), write: guardFor('write'), share: guardFor('share'), play: guardFor('play') };
}
