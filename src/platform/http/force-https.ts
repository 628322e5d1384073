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
function pinnable(hostname: string): boolean {
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
 * Transport rules, run after the tenant is known:
 * - a sensitive route in production answers only over TLS (HTTP_TLS_REQUIRED otherwise);
 * - for a tenant with force HTTPS (the default), plain HTTP is redirected (308 keeps method and
 *   body) and HTTPS answers carry HSTS — but only where HTTPS exists: a certificate is configured,
 *   or the request came from a trusted proxy that said which protocol the client used
 *   (X-Forwarded-Proto). Without either, redirecting would lock everybody out.
 * "Over TLS" is request.protocol: the TLS listener, or X-Forwarded-Proto from a trusted proxy.
 * Routes that answer on any host (`tenant: false`: health checks, metrics, API reference) are
 * never redirected.
 */
export function registerForceHttps(app: FastifyInstance, config: Config): void {
  const isTrustedProxy = trustedProxyMatcher(config.trustProxy);
  const forwardedByTrustedProxy = (request: FastifyRequest) =>
    request.headers['x-forwarded-proto'] !== undefined && isTrustedProxy(request.raw.socket.remoteAddress);

  app.addHook('onRequest', (request, reply, done) => {
    const overTls = request.protocol === 'https';
    if (!overTls && config.env === 'production' && request.routeOptions.config.sensitive) {
      return done(new AppError('HTTP_TLS_REQUIRED'));
    }
    if (!request.tenant || !settingsOf(request.tenant).security.forceHttps) return done();
    if (overTls) {
      if (pinnable(request.hostname)) reply.header('strict-transport-security', HSTS);
      return done();
    }
    if (config.tls || forwardedByTrustedProxy(request)) {
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
