import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { bearer, requireUserOrToken } from '../identity/api-tokens/token-guard.js';
import type { Role } from '../identity/identity.contract.js';
import { actingUserOf, sessionGuard } from '../identity/session-guard.js';
import type { Actor } from './actor.js';
import { permissionName, type Policy } from './policy.js';
import { markAccess } from './route-access.js';

/** The actor of a request its guard let through: the token, or the signed-in user as services should weigh them. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.apiToken) {
    const user = request.user;
    if (!user) throw new AppError('AUTH_REQUIRED');
    return { kind: 'token', userId: user.id, roles: user.roles, scopes: request.apiToken.scopes };
  }
  const user = actingUserOf(request);
  return { kind: 'user', userId: user.id, roles: user.roles };
}

export interface GuardOptions {
  /** Whether the request counts as activity: 'never' for status polling, 'always' for "stay signed in". */
  touch?: 'if-due' | 'always' | 'never';
}

/**
 * The guard (an onRequest hook, before the body is read) of a route that takes `action`: it signs
 * the caller in (session cookie, or a bearer token where the action admits tokens) and asks the
 * policy whether they may call the route. A service that has the resource asks `can` again with it.
 */
export function allow<Action extends string>(db: Db, policy: Policy<Action, never>, action: Action, options: GuardOptions = {}): onRequestAsyncHookHandler {
  const grant = policy.grant(action);
  // The roles the route opens to, for the session's checks (two-factor sign-in awaited for such a role refuses at once).
  const roles: Role[] | undefined = grant.roles === 'signedIn' || grant.own ? undefined : [...grant.roles];
  const touch = options.touch ?? 'if-due';
  const signIn = grant.token !== undefined ? requireUserOrToken(db, { scope: grant.token, touch, ...(roles ? { roles } : {}) }) : sessionGuard(db, { roles, touch });
  const guard: onRequestAsyncHookHandler = async function (request, reply) {
    await signIn.call(this, request, reply);
    if (request.staffAccess && grant.staff === false) throw new AppError('STAFF_SITE_DECIDES');
    if (request.staffAccess && grant.staff === 'no-lasting-access') throw new AppError('STAFF_NO_LASTING_ACCESS');
    if (!policy.admits(actorOf(request), action)) throw new AppError('AUTH_FORBIDDEN');
  };
  const marked = markAccess(guard, { kind: 'policy', permission: permissionName(policy, action) });
  return grant.token === undefined ? marked : bearer(marked, grant.token);
}

/**
 * Marks a guard an area builds itself (for actors that are not signed-in users, such as launch
 * credentials on the content origin) as asking `policy` for `action`; the guard must ask it.
 */
export function markPolicyGuard<Action extends string>(hook: onRequestAsyncHookHandler, policy: Policy<Action, never>, action: Action): onRequestAsyncHookHandler {
  return markAccess(hook, { kind: 'policy', permission: permissionName(policy, action) });
}
