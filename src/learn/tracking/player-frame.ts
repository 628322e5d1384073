import type { FastifyRequest } from 'fastify';
import { AppError, contentOriginOf } from '../../platform/http/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import type { PlayerFrame } from './launch-attempt.js';

/**
 * The frame a launch opens: bound to the session that asked (the credential ends with it), framed
 * only by the page the request came from, on the content origin of the request's site.
 */
export function playerFrameOf(deps: Pick<LearnDeps, 'config'>, request: FastifyRequest): PlayerFrame {
  const session = request.session;
  if (!session) throw new AppError('AUTH_REQUIRED');
  return { ...framingOf(deps, request), session: { idHash: session.idHash, expiresAt: session.times.expiresAt } };
}

/** The origins of a frame opened by `request`'s page (any page of the site, with or without a session). */
export function framingOf(deps: Pick<LearnDeps, 'config'>, request: FastifyRequest): Omit<PlayerFrame, 'session'> {
  return {
    tenant: tenantOf(request),
    appOrigin: `${request.protocol}://${request.host}`,
    contentOrigin: contentOriginOf(deps.config, tenantOf(request), request.hostname),
    siteUrl: request.server.siteUrlOf(tenantOf(request)),
  };
}

