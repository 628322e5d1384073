import type { FastifyInstance } from 'fastify';

/**
 * The strict policy: nothing from other origins, no inline script; inline styles only with the
 * page's nonce, or (`styleHashes`) the exact style attributes a bundled page is known to set;
 * frames only from the site's content origin (`frameOrigin`), where course content runs.
 */
export function contentSecurityPolicy(options: { styleNonce?: string; styleHashes?: string[]; frameOrigin?: string } = {}): string {
  const style = [
    `'self'`,
    ...(options.styleNonce ? [`'nonce-${options.styleNonce}'`] : []),
    ...(options.styleHashes?.length ? [`'unsafe-hashes'`, ...options.styleHashes.map((h) => `'${h}'`)] : []),
  ].join(' ');
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src ${style}`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    // Course content is framed from its own origin (the player), never run on this one.
    ...(options.frameOrigin ? [`frame-src ${options.frameOrigin}`] : []),
    `frame-ancestors 'self'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `object-src 'none'`,
  ].join('; ');
}

/**
 * The headers every answer carries, computed once: helmet's defaults (as configured before,
 * see docs/decisions/0002-security-headers.md) plus our CSP. HSTS is sent by the force-HTTPS
 * feature, only where HTTPS is available.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/**
 * The pages e-mailed links open. Their links carry the token in the fragment, which no request
 * sends; links mailed before that carried it in the query, and the page's own requests would pass
 * the address on as `Referer` (which proxies log) before the page removes it.
 */
const LINK_PAGES = new Set(['/reset-password', '/accept-invitation', '/confirm-email']);

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('x-request-id', request.id);
    if (LINK_PAGES.has(request.url.split('?', 1)[0]!)) reply.header('referrer-policy', 'no-referrer');
    // API answers hold personal data: no cache keeps them unless a route says otherwise (course covers).
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });
}
