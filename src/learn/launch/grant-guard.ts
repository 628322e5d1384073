import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { hostnameOfOrigin } from '../../platform/http/content-origin.js';
import { AppError } from '../../platform/http/errors.js';
import type { LaunchGrant, LaunchGrants } from './launch-grants.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The launch credential a content-origin request carries in its path; set by `requireGrant`. */
    grant?: LaunchGrant;
  }
}

/**
 * An onRequest hook of the content origin: the request's `:token` must be a live launch credential,
 * used on the content host it was issued for (another site's content host gets nothing). Cookies
 * are never read here: content reaches nothing by the app session.
 */
export function requireGrant(grants: LaunchGrants, purpose: 'files' | 'commit'): onRequestAsyncHookHandler {
  return async (request) => {
    const token = (request.params as { token?: string }).token ?? '';
    const check = await grants.check(token, purpose);
    if (!check.ok) throw new AppError(check.reason === 'ended' ? 'LEARN_LAUNCH_ENDED' : 'LEARN_LAUNCH_INVALID');
    if (hostnameOfOrigin(check.grant.contentOrigin) !== request.hostname.replace(/^\[|\]$/g, '').toLowerCase()) {
      throw new AppError('LEARN_LAUNCH_INVALID');
    }
    request.grant = check.grant;
  };
}

export function grantOf(request: FastifyRequest): LaunchGrant {
  if (!request.grant) throw new AppError('LEARN_LAUNCH_INVALID');
  return request.grant;
}
