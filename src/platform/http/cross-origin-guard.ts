import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RefusalSummaries } from '../audit/refusal-summaries.js';
import { addressSubject } from '../guard/client-address.js';
import { AppError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route never reads the session cookie: its credential travels in each request (an xAPI
     * client's LRS key), so a request from another site carries nothing ambient and cross-site
     * calls are what its clients make (browser-based courses, with CORS).
     */
    credentialsInRequest?: boolean;
    /**
     * The GET leaves a record in the signed-in person's name (a data export in the audit trail):
     * another site's link must not make a browser write it, so it is guarded like a change.
     */
    recordsOnRead?: boolean;
  }
}

/**
 * Refuses state-changing requests that a browser says came from another site. With the
 * SameSite=Lax cookie and JSON-only bodies (which no HTML form can send) this keeps cookie
 * sessions from being used across sites.
 */
export function registerCrossOriginGuard(app: FastifyInstance, refusals?: RefusalSummaries): void {
  // Audited as a summary per address and minute: a page can make browsers send these by the thousand.
  const refuse = (request: FastifyRequest, reason: 'sec-fetch-site' | 'origin') => {
    refusals?.note('cross_origin', {
      host: request.hostname,
      ip: request.ip,
      subject: `ip:${addressSubject(request.ip)}`,
      reason,
      userAgent: request.headers['user-agent'] ?? null,
      route: request.routeOptions.url ?? '(unmatched)',
      origin: request.headers.origin,
    });
    return new AppError('AUTH_CROSS_ORIGIN');
  };
  app.addHook('onRequest', (request, _reply, done) => {
    const safe = SAFE_METHODS.has(request.method) && request.routeOptions.config.recordsOnRead !== true;
    if (safe || request.routeOptions.config.credentialsInRequest === true) return done();
    // A bearer token without cookies is no ambient credential a foreign page could borrow.
    if (request.headers.cookie === undefined && /^bearer\s/i.test(request.headers.authorization ?? '')) return done();
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') return done(refuse(request, 'sec-fetch-site'));
    // The browser's own word that the request came from this origin: a page that sends no referrer
    // (a share link's, whose address holds its token) makes its form posts say `Origin: null`.
    if (fetchSite === 'same-origin') return done();
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) return done(refuse(request, 'origin'));
    done();
  });
}
