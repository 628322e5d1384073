import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import type { Role } from './identity.schema.js';
import { awaitsMfaEnrolment } from './mfa/second-factor.js';
import { clearSessionCookie, sessionIdOf } from './session-cookie.js';
import { authenticate, type SessionTimes } from './sessions.service.js';
import type { User } from './users.repository.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * true: a user who must choose a new password first may call the route (the session itself,
     * the password change, session status); every other signed-in route answers
     * AUTH_PASSWORD_CHANGE_REQUIRED until they have.
     */
    openDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user; set by the `requireUser` hook. */
    user: User | null;
    /** The cookie session behind `user` (digest of its id and its deadlines), when signed in by cookie. */
    session: { idHash: string; times: SessionTimes; mfaEnabled: boolean } | null;
  }
}

/**
 * An onRequest hook that admits only a signed-in user (of one of `roles`, when given). `touch`
 * says whether the request counts as activity: 'never' for status polling. Routes use it (and
 * every guard) in `onRequest`, before the body is read or validated: whoever may not call a route
 * learns nothing about its input, and the authorization sweep can tell refusal from bad input.
 */
export function sessionGuard(
  db: Db,
  options: { roles?: Role[] | undefined; touch: 'if-due' | 'always' | 'never' },
): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const check = await authenticate(db, tenantOf(request), sessionIdOf(request), { touch: options.touch });
    if (!check.ok) {
      if (check.reason === 'expired') clearSessionCookie(request, reply);
      throw new AppError(check.reason === 'expired' ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    if (check.user.passwordChangeRequired && request.routeOptions.config.openDuringPasswordChange !== true) {
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED');
    }
    const { roles } = options;
    if (roles && !roles.some((role) => check.user.roles.includes(role))) throw new AppError('AUTH_FORBIDDEN');
    // Administration waits until an administrator the site requires MFA of has set it up.
    if (roles?.includes('admin') && awaitsMfaEnrolment(check.user, check.mfaEnabled, settingsOf(tenantOf(request)))) {
      throw new AppError('AUTH_MFA_ENROLMENT_REQUIRED');
    }
    request.user = check.user;
    request.session = { idHash: check.idHash, times: check.times, mfaEnabled: check.mfaEnabled };
  };
}

/** An onRequest hook that admits only a signed-in user (of one of `roles`, when given); the request counts as activity. */
export function requireUser(db: Db, roles?: Role[]): onRequestAsyncHookHandler {
  return sessionGuard(db, { roles, touch: 'if-due' });
}

/**
 * The signed-in user as services should weigh their privileges: an administrator who has yet to
 * set up the two-factor sign-in the site requires counts as no administrator, also on routes open
 * to every user (reading another user, say). Tokens of such administrators are refused outright.
 */
export function actingUserOf(request: FastifyRequest): User {
  const user = userOf(request);
  const mfaEnabled = request.session?.mfaEnabled ?? true;
  if (!awaitsMfaEnrolment(user, mfaEnabled, settingsOf(tenantOf(request)))) return user;
  return { ...user, roles: user.roles.filter((role) => role !== 'admin') };
}

export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new AppError('AUTH_REQUIRED');
  return request.user;
}
