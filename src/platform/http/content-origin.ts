import type { Config } from '../../config.js';
import type { Tenant } from '../tenancy/tenants.repository.js';

/**
 * Course content is code written by whoever uploaded it. It is served from an origin of its own,
 * which carries no app session and no app route, so its script cannot act as the person viewing
 * it. This module says where that origin is:
 * - with LECTERN_CONTENT_ORIGIN, that host (shared by all sites), or `<slug>.<host>` for a
 *   per-site pattern `https://*.content.example.net`;
 * - without it (the one-command default), the site's own host name on the content port
 *   (LECTERN_CONTENT_PORT): another port is another origin.
 */
export function contentOriginOf(config: Config, tenant: Tenant, requestHostname: string): string {
  const { origin, port } = config.content;
  if (origin) {
    const host = origin.perSite ? `${tenant.slug}.${origin.host}` : origin.host;
    const defaultPort = origin.scheme === 'https' ? 443 : 80;
    return `${origin.scheme}://${host}${origin.port === undefined || origin.port === defaultPort ? '' : `:${origin.port}`}`;
  }
  const scheme = config.tls || config.content.tls ? 'https' : 'http';
  return `${scheme}://${requestHostname}:${port}`;
}

/**
 * Whether a request that reached the app's own listeners names a content host, so that one
 * listener (one port 443) can serve both: true for the configured content host, or any
 * `<label>.<host>` with a per-site pattern. Without a configured origin content has its own port.
 */
export function isContentHostname(config: Config, hostname: string): boolean {
  const origin = config.content.origin;
  if (!origin) return false;
  const host = hostname.toLowerCase();
  if (!origin.perSite) return host === origin.host;
  if (!host.endsWith(`.${origin.host}`)) return false;
  const label = host.slice(0, -(origin.host.length + 1));
  return label.length > 0 && !label.includes('.');
}

/** The host name (no port, no brackets around IPv6) of an origin such as `https://a.example:8443`. */
export function hostnameOfOrigin(origin: string): string {
  return new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase();
}
