import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Tenant } from './tenants.repository.js';

/**
 * The address of a tenant's site, `scheme://host[:port]` without a trailing slash, for every
 * absolute URL the product writes (links in mails, whether a request caused them or a job).
 * Built only from configuration, never from a request's Host or X-Forwarded-* headers, so no
 * client can make a link point elsewhere.
 *
 * - host: the tenant's primary host name (`tenant_hosts.is_primary`: the first `--host` given
 *   at creation, changed with `lectern tenant primary-host`), else `<slug>.<LECTERN_BASE_DOMAIN>`,
 *   else `localhost` (a site reachable only on this machine);
 * - scheme and port: HTTPS wherever this node offers it — a certificate is configured or a
 *   trusted proxy terminates TLS in front — at LECTERN_PUBLIC_HTTPS_PORT; otherwise plain HTTP at
 *   PORT. Default ports (443, 80) are left out.
 */
export function siteUrlOf(tenant: Tenant, config: Config): string {
  const host = tenant.primaryHostname ?? tenant.hostnames[0] ?? (config.baseDomain ? `${tenant.slug}.${config.baseDomain}` : 'localhost');
  if (config.tls || config.trustProxy.length > 0) {
    return `https://${host}${config.publicHttpsPort === 443 ? '' : `:${config.publicHttpsPort}`}`;
  }
  return `http://${host}${config.port === 80 ? '' : `:${config.port}`}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** siteUrlOf() with the configuration the app was built with, for request handlers. */
    siteUrlOf(tenant: Tenant): string;
  }
}

export function registerSiteUrl(app: FastifyInstance, config: Config): void {
  app.decorate('siteUrlOf', (tenant: Tenant) => siteUrlOf(tenant, config));
}
