import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './session-token.js';
import type { ClientInfo } from './sessions.service.js';

/**
 * Over HTTPS the session cookie is `__Host-lectern_session`: browsers accept a `__Host-` cookie
 * only with Secure, Path=/ and no Domain, so no other host — another tenant's content under the
 * same base domain, say — can set one that shadows it. Plain HTTP (development) keeps the plain
 * name, which browsers would refuse with the prefix.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

function overTls(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The one session cookie name that fits the request's protocol. */
export function sessionCookieName(request: FastifyRequest): string {
  return overTls(request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * The session id the request carries, read only under the name that fits its protocol: an HTTPS
 * request ignores a plain `lectern_session` cookie (which any sibling host could have planted).
 * Every reader of the session cookie goes through this.
 */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  return request.cookies[sessionCookieName(request)];
}

/** HttpOnly, SameSite=Lax, Path=/, no Domain; Secure whenever the request came over TLS. */
function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: overTls(request) } as const;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string, expiresAt: Date): void {
  reply.setCookie(sessionCookieName(request), sessionId, { ...cookieOptions(request), expires: expiresAt });
}

/**
 * Where the browser's session ends: sign-out, an expired session, ending the current one in the
 * list. The cookie is cleared, and the browser is asked to drop what the signed-in user's pages
 * left in its cache and storage. Not "cookies": that would clear every cookie of the registrable
 * domain, signing the browser out of the other sites under the same base domain.
 */
export const CLEAR_SITE_DATA = '"cache", "storage"';

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(request), cookieOptions(request));
  reply.header('clear-site-data', CLEAR_SITE_DATA);
}

export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id };
}
