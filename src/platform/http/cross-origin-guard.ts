import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser says came from another site. With the
 * SameSite=Lax cookie and JSON-only bodies (which no HTML form can send) this keeps cookie
 * sessions from being used across sites.
 */
export function registerCrossOriginGuard(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    // A bearer token without cookies is no ambient credential a foreign page could borrow.
    if (request.headers.cookie === undefined && /^bearer\s/i.test(request.headers.authorization ?? '')) return done();
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') return done(new AppError('AUTH_CROSS_ORIGIN'));
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) return done(new AppError('AUTH_CROSS_ORIGIN'));
    done();
  });
}
