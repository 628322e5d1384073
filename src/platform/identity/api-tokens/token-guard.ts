import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { assertNotBlocked, recordFailure } from '../../guard/intrusion.service.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import type { Role } from '../identity.schema.js';
import { requireUser } from '../session-guard.js';
import type { TokenScope } from './api-tokens.contract.js';
import { authenticateToken, type TokenIdentity } from './api-tokens.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by an API token rather than a session cookie. */
    apiToken?: TokenIdentity;
  }
}

/** `any`: every valid token of the user is admitted, whatever its scopes. */
export type RequiredScope = TokenScope | 'any';

/** Whether the request carries `Authorization: Bearer …` (the token may still be invalid). */
export function hasBearerToken(request: FastifyRequest): boolean {
  return /^bearer(\s|$)/i.test(request.headers.authorization ?? '');
}

function bearerTokenOf(request: FastifyRequest): string {
  return /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
}

async function admitToken(db: Db, request: FastifyRequest, reply: FastifyReply, scope: RequiredScope, roles?: Role[]): Promise<void> {
  const tenant = tenantOf(request);
  const token = bearerTokenOf(request);
  const check = await authenticateToken(db, tenant, token, request.ip);
  if (!check.ok) {
    // Guessing tokens is guessing credentials: counted by the intrusion guard (valid tokens cost nothing extra).
    const attempt = { ip: request.ip, account: token.slice(0, 12) || null, endpoint: 'api-token', userAgent: request.headers['user-agent'] ?? null };
    await assertNotBlocked(db, tenant, attempt);
    await recordFailure(db, tenant, attempt);
    reply.header('www-authenticate', 'Bearer realm="lectern", error="invalid_token"');
    throw new AppError('AUTH_TOKEN_INVALID');
  }
  if (scope !== 'any' && !check.token.scopes.includes(scope)) {
    reply.header('www-authenticate', `Bearer realm="lectern", error="insufficient_scope", scope="${scope}"`);
    throw new AppError('AUTH_TOKEN_SCOPE', [{ field: 'scope', message: scope }]);
  }
  if (roles && !roles.some((role) => check.user.roles.includes(role))) throw new AppError('AUTH_FORBIDDEN');
  request.user = check.user;
  request.apiToken = check.token;
}

/** An onRequest hook (before the body is read) that admits only a bearer token with `scope` (apps, authoring tools). */
export function requireToken(db: Db, scope: RequiredScope, roles?: Role[]): onRequestAsyncHookHandler {
  return async (request, reply) => {
    if (!hasBearerToken(request)) {
      reply.header('www-authenticate', 'Bearer realm="lectern"');
      throw new AppError('AUTH_REQUIRED');
    }
    await admitToken(db, request, reply, scope, roles);
  };
}

/**
 * An onRequest hook (before the body is read) that admits a bearer token with `scope` or, without an Authorization header, a
 * session cookie (as `requireUser`). A request that sends a token is judged by the token alone.
 */
export function requireUserOrToken(db: Db, options: { scope: RequiredScope; roles?: Role[] }): onRequestAsyncHookHandler {
  const sessionGuard = requireUser(db, options.roles);
  return async function (request, reply) {
    if (hasBearerToken(request)) return admitToken(db, request, reply, options.scope, options.roles);
    return sessionGuard.call(this, request, reply);
  };
}
