import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import type { Role } from './identity.schema.js';
import { rolesAwaitingMfa } from './mfa/second-factor.js';
import { clearSessionCookie, sessionIdOf } from './session-cookie.js';
import { authenticate, type SessionTimes } from './sessions.service.js';
import type { User } from './users.repository.js';
import type { StaffAccess } from '../access/staff/staff-tenant-sessions.js';
import { auditRefusedStaffRequest } from '../access/staff/staff-request-log.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * true: a user who must choose a new password first may call the route (the session itself,
     * the password change, session status); every other signed-in route answers
     * AUTH_PASSWORD_CHANGE_REQUIRED until they have.
     */
    openDuringPasswordChange?: boolean;
    /**
     * true: a user whose every role awaits the two-factor sign-in the site requires may call the
     * route (setting it up). Routes open during a password change are open then too.
     */
    openDuringMfaEnrolment?: boolean;
    /** true: staff with read-only support access may call this unsafe method too (signing out). */
    openToReadOnlyStaff?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user; set by the `requireUser` hook. */
    user: User | null;
    /** The cookie session behind `user` (digest of its id and its deadlines), when signed in by cookie. */
    session: { idHash: string; times: SessionTimes; mfaEnabled: boolean } | null;
    /** Set when the signed-in "user" is platform staff under a grant (every such request is logged). */
    staffAccess: StaffAccess | null;
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
      // A staff member still using a session whose grant ended: refused, and written to the site's transparency log.
      if (check.endedStaff) await auditRefusedStaffRequest(db, request, check.endedStaff);
      if (check.reason === 'expired') clearSessionCookie(request, reply);
      throw new AppError(check.reason === 'expired' ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    request.requester = { userId: check.user.id, sessionId: check.idHash };
    if (check.staff) {
      request.staffAccess = check.staff;
      // A staff session is nobody's account: no password, second factor, tokens (which would outlive the grant) or personal data requests.
      const route = request.routeOptions.url ?? '';
      if (route.startsWith('/api/me/') && route !== '/api/me/permissions') throw new AppError('STAFF_NOT_A_USER');
      if (check.staff.scope === 'support_read' && !READ_METHODS.has(request.method) && request.routeOptions.config.openToReadOnlyStaff !== true) {
        throw new AppError('STAFF_READ_ONLY');
      }
    }
    if (check.user.passwordChangeRequired && request.routeOptions.config.openDuringPasswordChange !== true) {
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED');
    }
    const { roles } = options;
    if (roles && !roles.some((role) => check.user.roles.includes(role))) throw new AppError('AUTH_FORBIDDEN');
    if (awaitsEnrolmentFor(request, roles, rolesAwaitingMfa(check.user, check.mfaEnabled, settingsOf(tenantOf(request))), check.user.roles)) {
      throw new AppError('AUTH_MFA_ENROLMENT_REQUIRED');
    }
    request.user = check.user;
    request.session = { idHash: check.idHash, times: check.times, mfaEnabled: check.mfaEnabled };
  };
}

/**
 * Whether the route waits until the user has set up the two-factor sign-in the site requires of
 * `awaiting` (some of their roles): a route one of those roles opens does; with no role left, so
 * does every route but setting it up and the session itself.
 */
function awaitsEnrolmentFor(request: FastifyRequest, routeRoles: Role[] | undefined, awaiting: Role[], userRoles: readonly Role[]): boolean {
  if (awaiting.length === 0) return false;
  if (routeRoles) return routeRoles.some((role) => awaiting.includes(role));
  const { openDuringMfaEnrolment, openDuringPasswordChange } = request.routeOptions.config;
  return awaiting.length === userRoles.length && openDuringMfaEnrolment !== true && openDuringPasswordChange !== true;
}

/** An onRequest hook that admits only a signed-in user (of one of `roles`, when given); the request counts as activity. */
export function requireUser(db: Db, roles?: Role[]): onRequestAsyncHookHandler {
  return sessionGuard(db, { roles, touch: 'if-due' });
}

/**
 * The signed-in user as services should weigh their privileges: a user who has yet to set up the
 * two-factor sign-in the site requires of some of their roles acts without those roles, also on
 * routes open to every user (an administrator reading another user, say). Tokens of such users
 * are refused outright.
 */
export function actingUserOf(request: FastifyRequest): User {
  const user = userOf(request);
  const mfaEnabled = request.session?.mfaEnabled ?? true;
  const awaiting = rolesAwaitingMfa(user, mfaEnabled, settingsOf(tenantOf(request)));
  if (awaiting.length === 0) return user;
  return { ...user, roles: user.roles.filter((role) => !awaiting.includes(role)) };
}

export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new AppError('AUTH_REQUIRED');
  return request.user;
}

/**
 * The signed-in user of a request to a route open to anybody, when there is one (a shared page
 * that opens more to the site's own users), else null. Never refuses and does not count as activity.
 */
export async function signedInUserIfAny(db: Db, request: FastifyRequest): Promise<User | null> {
  const check = await authenticate(db, tenantOf(request), sessionIdOf(request), { touch: 'never' });
  // Staff under a grant administer a site; they are nobody's buyer or reviewer.
  return check.ok && !check.user.passwordChangeRequired && !check.staff ? check.user : null;
}
