import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import { checkApiToken } from '../credentials.js';
import type { Role } from '../identity.schema.js';
import { awaitsMfaEnrolment } from '../mfa/second-factor.js';
import { sessionGuard } from '../session-guard.js';
import type { TokenScope } from './api-tokens.contract.js';
import type { TokenIdentity } from './api-tokens.service.js';
import { clientOf } from '../session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by an API token rather than a session cookie. */
    apiToken?: TokenIdentity;
  }
}

/** `any`: every valid token of the user is admitted, whatever its scopes. */
export type RequiredScope = TokenScope | 'any';

/** Marks the pre-handlers that admit bearer tokens, with the scope they need (read by registerBearerRoutes). */
export const ACCEPTS_BEARER_TOKEN = Symbol('accepts a bearer token');
type BearerPreHandler = onRequestAsyncHookHandler & { [ACCEPTS_BEARER_TOKEN]?: RequiredScope };

/** Whether the request carries `Authorization: Bearer …` (the token may still be invalid). */
export function hasBearerToken(request: FastifyRequest): boolean {
  return /^bearer(\s|$)/i.test(request.headers.authorization ?? '');
}

function bearerTokenOf(request: FastifyRequest): string {
  return /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
}

async function admitToken(db: Db, request: FastifyRequest, reply: FastifyReply, scope: RequiredScope, roles?: Role[]): Promise<void> {
  const tenant = tenantOf(request);
  const client = { tenant, ...clientOf(request) };
  const check = await checkApiToken(db, client, bearerTokenOf(request)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'AUTH_TOKEN_INVALID') {
      reply.header('www-authenticate', 'Bearer realm="lectern", error="invalid_token"');
    }
    throw error;
  });
  request.requester = { userId: check.user.id, tokenId: check.token.id };
  // A user the site requires two-factor sign-in of cannot sidestep it with a token.
  if (awaitsMfaEnrolment(check.user, check.mfaEnabled, settingsOf(tenant))) throw new AppError('AUTH_MFA_ENROLMENT_REQUIRED');
  if (scope !== 'any' && !check.token.scopes.includes(scope)) {
    reply.header('www-authenticate', `Bearer realm="lectern", error="insufficient_scope", scope="${scope}"`);
    throw new AppError('AUTH_TOKEN_SCOPE', [{ field: 'scope', value: scope }]);
  }
  if (roles && !roles.some((role) => check.user.roles.includes(role))) throw new AppError('AUTH_FORBIDDEN');
  request.user = check.user;
  request.apiToken = check.token;
}

/** Marks a guard as admitting bearer tokens with `scope`, for the API reference (registerBearerRoutes). */
export function bearer(handler: onRequestAsyncHookHandler, scope: RequiredScope): onRequestAsyncHookHandler {
  return Object.assign(handler, { [ACCEPTS_BEARER_TOKEN]: scope }) as BearerPreHandler;
}

/** An onRequest hook (before the body is read) that admits only a bearer token with `scope` (apps, authoring tools). */
export function requireToken(db: Db, scope: RequiredScope, roles?: Role[]): onRequestAsyncHookHandler {
  return bearer(async (request, reply) => {
    if (!hasBearerToken(request)) {
      reply.header('www-authenticate', 'Bearer realm="lectern"');
      throw new AppError('AUTH_REQUIRED');
    }
    await admitToken(db, request, reply, scope, roles);
  }, scope);
}

/**
 * An onRequest hook (before the body is read) that admits a bearer token with `scope` or, without an Authorization header, a
 * session cookie (as `requireUser`). A request that sends a token is judged by the token alone.
 */
export function requireUserOrToken(db: Db, options: { scope: RequiredScope; roles?: Role[]; touch?: 'if-due' | 'always' | 'never' }): onRequestAsyncHookHandler {
  const cookieGuard = sessionGuard(db, { roles: options.roles, touch: options.touch ?? 'if-due' });
  return bearer(async function (request, reply) {
    if (hasBearerToken(request)) return admitToken(db, request, reply, options.scope, options.roles);
    return cookieGuard.call(this, request, reply);
  }, options.scope);
}

type Hook<T> = T | T[] | undefined;
const hooksOf = <T>(hook: Hook<T>): T[] => (hook === undefined ? [] : Array.isArray(hook) ? hook : [hook]);

/** The OpenAPI security scheme of bearer tokens (declared in openapi.ts). */
export const BEARER_SECURITY_SCHEME = 'bearerToken';

/**
 * Declares in the OpenAPI document which routes admit a bearer token and with which scope
 * (`security: [{ bearerToken: [scope] }]`), read off their guards (onRequest hooks), so the reference cannot
 * disagree with the code. Register before the routes.
 */
export function registerBearerRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const scopes = hooksOf(route.onRequest as Hook<BearerPreHandler>)
      .map((handler) => handler[ACCEPTS_BEARER_TOKEN])
      .filter((scope) => scope !== undefined);
    if (scopes.length === 0) return;
    const required = scopes.filter((scope) => scope !== 'any');
    route.schema = { ...route.schema, security: [{ [BEARER_SECURITY_SCHEME]: required }] };
  });
}
