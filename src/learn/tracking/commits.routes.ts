import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, registerJsonBodyParser } from '../../platform/http/index.js';
import { attemptGrantOf, grantOf, type GrantGuard } from '../launch/grant-guard.js';
import { commitToArea, type AreaCommitSink } from './area-commits.js';
import { commitSessionOf } from './commit-session.js';
import type { TrackingContext } from './tracking-context.js';
import { commitInput, commitResponse, type CommitInput } from './tracking.contract.js';
import { commitScoData } from './tracking.service.js';

/**
 * A beacon (navigator.sendBeacon on pagehide) cannot set headers, so its JSON arrives as
 * text/plain. It is taken only on its own route and only when the browser says the request
 * came from this origin: Sec-Fetch-Site same-origin, or else an Origin of this origin.
 */
function assertSameOriginBeacon(request: FastifyRequest): void {
  const fetchSite = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const sameOrigin = fetchSite !== undefined ? fetchSite === 'same-origin' : origin === `${request.protocol}://${request.host}`;
  if (!sameOrigin) throw new AppError('LEARN_COMMIT_BEACON_ORIGIN');
}

/**
 * A commit under a launch credential: only to that credential's attempt, as the session that
 * opened it; an area's credential commits to its area, never to an attempt.
 */
function commitWithGrant(context: TrackingContext, areaSinks: ReadonlyMap<string, AreaCommitSink>, request: FastifyRequest, body: CommitInput) {
  const grant = grantOf(request);
  if (grant.kind === 'area') return commitToArea(context, areaSinks, grant, body);
  // The guard let only an attempt's or area's credential through (the content policy); a preview's has no attempt.
  const { tenant, sessionIdHash, attemptId } = attemptGrantOf(grant);
  return commitScoData(context, tenant.id, commitSessionOf(tenant, sessionIdHash), attemptId, body);
}

/** The SCORM commit endpoint, on the content origin; the attempt is the credential's, never named by the content. */
export function commitRoutes(guard: GrantGuard, context: TrackingContext, areaSinks: ReadonlyMap<string, AreaCommitSink>): FastifyPluginAsyncZod {
  return async (app) => {
    const schema = {
      tags: ['content origin'],
      summary: 'Store the run-time data of one SCO of the credential\'s attempt; answered once durable; a stale sequence number is ignored',
      params: z.object({ token: z.string().max(100) }),
      body: commitInput,
      response: { 200: commitResponse },
    };
    // Each commit counts as activity of the session that opened the player, so a learner in a
    // running course is not logged out for inactivity; it is checked and touched in the commit's group transaction.
    app.post('/launch/:token/commits', { onRequest: guard.require('commit'), schema }, async (request) => commitWithGrant(context, areaSinks, request, request.body));

    await app.register(async (scope: FastifyInstance) => {
      const beacon = scope.withTypeProvider<ZodTypeProvider>();
      // The same parser as every JSON body (prototype poisoning refused, NUL characters refused), for text/plain here only.
      registerJsonBodyParser(scope, 'text/plain');
      beacon.post(
        '/launch/:token/commits/beacon',
        {
          onRequest: [async (request) => assertSameOriginBeacon(request), guard.require('commit')],
          schema: { ...schema, summary: 'The same commit sent by navigator.sendBeacon (text/plain JSON) when the page goes away' },
        },
        async (request) => commitWithGrant(context, areaSinks, request, request.body),
      );
    });
  };
}
