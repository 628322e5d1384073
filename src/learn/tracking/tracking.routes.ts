import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.js';
import { clientOf } from '../../platform/identity/session-cookie.js';
import { requireUser, userOf } from '../../platform/identity/session-guard.js';
import { tenantOf } from '../../platform/tenancy/tenant-resolver.js';
import type { LearnDeps } from '../learn-deps.js';
import { commitSessionOf, commitSessionPreHandler } from './commit-session.js';
import { launchAttempt, previewLaunch } from './launch-attempt.js';
import { TrackingContext } from './tracking-context.js';
import {
  attemptParams,
  commitInput,
  commitResponse,
  enrolmentParams,
  launchInput,
  launchResponse,
  resetResponse,
  versionParams,
} from './tracking.contract.js';
import { commitScoData, resetProgress } from './tracking.service.js';

/**
 * A beacon (navigator.sendBeacon on pagehide) cannot set headers, so its JSON arrives as
 * text/plain. It is taken only on its own route and only when the browser says the request
 * came from this site: Sec-Fetch-Site same-origin, or else an Origin of this site.
 */
function assertSameOriginBeacon(request: FastifyRequest): void {
  const fetchSite = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const sameOrigin = fetchSite !== undefined ? fetchSite === 'same-origin' : origin === `${request.protocol}://${request.host}`;
  if (!sameOrigin) throw new AppError('LEARN_COMMIT_BEACON_ORIGIN');
}

/** The player: launch data, the SCORM commit endpoint, attempts. */
export function trackingRoutes(deps: LearnDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const context = new TrackingContext(deps.db);
    const learner = requireUser(deps.db);

    app.post(
      '/api/learn/enrolments/:enrolmentId/launch',
      {
        preHandler: learner,
        schema: {
          tags: ['learn player'],
          summary: 'Open the player: resume the open attempt (on its version) or start one on the current version',
          params: enrolmentParams,
          body: launchInput,
          response: { 200: launchResponse },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return launchAttempt(context, tenantOf(request).id, userOf(request), request.params.enrolmentId, { newAttempt: request.body?.newAttempt });
      },
    );

    app.get(
      '/api/learn/versions/:versionId/preview',
      {
        preHandler: requireUser(deps.db, ['admin', 'instructor']),
        schema: {
          tags: ['learn player'],
          // The same people who may load any version's files (learn/content).
          summary: 'Launch data of a content version for a preview that records nothing (administrators, instructors)',
          params: versionParams,
          response: { 200: launchResponse },
        },
      },
      async (request) => previewLaunch(context, tenantOf(request).id, userOf(request), request.params.versionId),
    );

    const commitSchema = {
      tags: ['learn player'],
      summary: 'Store the run-time data of one SCO; answered once durable; a stale sequence number is ignored',
      params: attemptParams,
      body: commitInput,
      response: { 200: commitResponse },
    };

    // Each commit counts as session activity, so a learner in a running course is not logged
    // out for inactivity; the session is checked and touched in the commit's group transaction.
    app.post('/api/learn/attempts/:attemptId/commits', { preHandler: commitSessionPreHandler, schema: commitSchema }, async (request) =>
      commitScoData(context, tenantOf(request).id, commitSessionOf(request), request.params.attemptId, request.body),
    );

    await app.register(async (scope: FastifyInstance) => {
      const beacon = scope.withTypeProvider<ZodTypeProvider>();
      beacon.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, JSON.parse(body.toString()));
        } catch {
          done(new AppError('HTTP_MALFORMED_JSON'), undefined);
        }
      });
      beacon.post(
        '/api/learn/attempts/:attemptId/commits/beacon',
        {
          onRequest: async (request) => assertSameOriginBeacon(request),
          preHandler: commitSessionPreHandler,
          schema: { ...commitSchema, summary: 'The same commit sent by navigator.sendBeacon (text/plain JSON) when the page goes away' },
        },
        async (request) => commitScoData(context, tenantOf(request).id, commitSessionOf(request), request.params.attemptId, request.body),
      );
    });

    app.post(
      '/api/learn/enrolments/:enrolmentId/reset',
      {
        preHandler: requireUser(deps.db, ['admin', 'manager']),
        schema: {
          tags: ['learn player'],
          summary: "Reset a learner's progress: close the open attempt and start the enrolment over",
          params: enrolmentParams,
          response: { 200: resetResponse },
        },
      },
      async (request) => resetProgress(context, tenantOf(request).id, userOf(request), request.params.enrolmentId, clientOf(request)),
    );
  };
}
