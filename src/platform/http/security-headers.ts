import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The strict policy: nothing from other origins, no inline script; inline styles only with the
 * page's nonce, or (`styleHashes`) the exact style attributes a bundled page is known to set.
 */
export function contentSecurityPolicy(options: { styleNonce?: string; styleHashes?: string[] } = {}): string {
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
    `frame-ancestors 'self'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `object-src 'none'`,
  ].join('; ');
}

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: false, // set below as one precomputed string; helmet would rebuild it per request
    hsts: false, // sent by the force-HTTPS feature, only on TLS requests
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'sameorigin' },
  });
  const csp = contentSecurityPolicy();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('content-security-policy', csp);
    reply.header('x-request-id', request.id);
  });
}
