import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import type { Role } from './identity.schema.js';
import { SESSION_COOKIE } from './session-token.js';
import { authenticate } from './sessions.service.js';
import type { User } from './users.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; set by the `requireUser` pre-handler. */
    user: User | null;
  }
}

export function secureCookie(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie(request) });
}

/** A pre-handler that admits only a signed-in user (of one of `roles`, when given). */
export function requireUser(db: Db, roles?: Role[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const check = await authenticate(db, tenantOf(request), request.cookies[SESSION_COOKIE]);
    if (!check.ok) {
      if (check.reason === 'expired') clearSessionCookie(request, reply);
      throw new AppError(check.reason === 'expired' ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    }
    if (roles && !roles.some((role) => check.user.roles.includes(role))) throw new AppError('AUTH_FORBIDDEN');
    request.user = check.user;
  };
}

export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new AppError('AUTH_REQUIRED');
  return request.user;
}
