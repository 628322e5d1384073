import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import { AppError } from './errors.js';
import { trustedProxyMatcher } from './trusted-proxies.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * true: the route carries secrets (passwords, tokens, one-time codes, payment). In production
     * it is refused over plain HTTP whatever the tenant's force-HTTPS setting.
     */
    sensitive?: boolean;
  }
}

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Browsers keep HSTS for a host name for a year; never pin localhost (every local project would be
 *  forced onto HTTPS) nor IP literals (which browsers ignore anyway, RFC 6797 8.1.1). */
export function pinnable(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) === 0 && bare !== 'localhost' && !bare.endsWith('.localhost');
}

/** Node hands over the request target as latin1; bytes a header may not carry are percent-encoded as sent. */
function percentEncodeRaw(target: string): string {
  if (/^[\x21-\x7e]*$/.test(target)) return target;
  let out = '';
  for (const byte of Buffer.from(target, 'latin1')) {
    out += byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The same host, path and query on HTTPS at the port users reach it on. */
export function httpsUrlOf(request: FastifyRequest, publicHttpsPort: number): string {
  const port = publicHttpsPort === 443 ? '' : `:${publicHttpsPort}`;
  const target = request.url.startsWith('/') ? request.url : '/';
  return `https://${request.hostname}${port}${percentEncodeRaw(target)}`;
}

/**
 * In production, a request that carries a secret answers only over TLS (403 HTTP_TLS_REQUIRED
 * otherwise, never a redirect: the secret has crossed the network in the clear already, and a
 * client that sent it should fail visibly rather than be sent on):
 * - a sensitive route (`config: { sensitive: true }`: passwords, link tokens, one-time codes);
 * - any request with an Authorization header (an API token, basic credentials), whatever the
 *   route — also routes that answer on any host and addresses with no route.
 * Runs before the tenant is looked up and whatever the tenant's force-HTTPS setting.
 * "Over TLS" is request.protocol: the TLS listener, or X-Forwarded-Proto from a trusted proxy.
 */
export function registerTlsRequirement(app: FastifyInstance, config: Config): void {
  if (config.env !== 'production') return;
  app.addHook('onRequest', (request, _reply, done) => {
    const secretInTheClear = request.protocol !== 'https' && (request.routeOptions.config.sensitive === true || request.headers.authorization !== undefined);
    done(secretInTheClear ? new AppError('HTTP_TLS_REQUIRED') : undefined);
  });
}

/**
 * Force HTTPS, run after the tenant is known: for a tenant with force HTTPS (the default), plain
 * HTTP is redirected (308 keeps method and body) and HTTPS answers carry HSTS — but only where
 * HTTPS exists: a certificate is configured, or the request came from a trusted proxy that said
 * which protocol the client used (X-Forwarded-Proto). Without either, redirecting would lock
 * everybody out. Routes that answer on any host (`tenant: false`: health checks, metrics, API
 * reference) are never redirected.
 * In production plain-HTTP API requests are refused (403 HTTP_TLS_REQUIRED) rather than
 * redirected: a client set up with an http:// address would follow the redirect and keep working
 * while every request and answer crosses the network in the clear first. Browsers are sent on:
 * pages redirect, and the web app then calls the API over HTTPS.
 */
export function registerForceHttps(app: FastifyInstance, config: Config): void {
  const isTrustedProxy = trustedProxyMatcher(config.trustProxy);
  const forwardedByTrustedProxy = (request: FastifyRequest) =>
    request.headers['x-forwarded-proto'] !== undefined && isTrustedProxy(request.raw.socket.remoteAddress);

  app.addHook('onRequest', (request, reply, done) => {
    if (!request.tenant || !settingsOf(request.tenant).security.forceHttps) return done();
    if (request.protocol === 'https') {
      if (pinnable(request.hostname)) reply.header('strict-transport-security', HSTS);
      return done();
    }
    if (config.tls || forwardedByTrustedProxy(request)) {
      if (config.env === 'production' && request.url.startsWith('/api/')) return done(new AppError('HTTP_TLS_REQUIRED'));
      // Answering from a callback-style hook: the reply is sent and the chain stops here.
      reply.redirect(httpsUrlOf(request, config.publicHttpsPort), 308);
      return;
    }
    done();
  });
}

/**
 * Marks every route registered in this plugin's context (and its children) as sensitive:
 * for features whose every route carries a secret (MFA, tokens, passwords).
 */
export function markRoutesSensitive(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, sensitive: true };
  });
}
