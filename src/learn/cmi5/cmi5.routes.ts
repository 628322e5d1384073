import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { publicRoute } from '../../platform/access/index.js';
import { AppError } from '../../platform/http/index.js';
import { attemptGrantOf, grantOf, type GrantGuard } from '../launch/grant-guard.js';
import type { LaunchGrant } from '../launch/launch-grants.service.js';
import type { LearnDeps } from '../learn-deps.js';
import { cmi5Aus } from '../packages/cmi5-xml.js';
import type { TrackingContext } from '../tracking/tracking-context.js';
import { siteUrlOf } from '../../platform/tenancy/index.js';
import { areaRegistrationOf, xapiEndpointOf, type LearnerAgent } from '../tracking/xapi-launch.js';
import { lockSessionByFetchToken, updateSession } from './cmi5.repository.js';
import { areaAgentOf, launchAreaAu } from './cmi5-area.js';
import { authTokenOf, sessionOf, type SessionHolder } from './cmi5-gate.js';
import { CMI5_LAUNCH_MODES } from './cmi5.schema.js';
import { hashToken, launchAu, registrationOf } from './cmi5-registration.js';

/** The AU's address on the content origin (a file of the package) or elsewhere, with the launch's parameters added to its own. */
function auUrl(frame: { contentOrigin: string; token: string }, launchHref: string, parameters: Record<string, string> | null): string {
  const base = /^https?:/i.test(launchHref) ? new URL(launchHref) : new URL(`${frame.contentOrigin}/c/${encodeURIComponent(frame.token)}/${launchHref.replace(/^\/+/, '')}`);
  if (parameters) for (const [name, value] of Object.entries(parameters)) base.searchParams.append(name, value);
  return base.href;
}

/** The learner's list of courses in the app (web/src/shared/auth/roles.ts). */
const MY_COURSES_PATH = '/my-courses';

const tokenParams = z.object({ token: z.string().max(100) });

/**
 * cmi5 on the content origin: the AU launch (GET …/cmi5/au/:index opens a session and sends the
 * browser on to the AU with endpoint, fetch, actor, registration and activityId in its query) and
 * the fetch URL (POST …/cmi5/fetch/:fetch hands out the session's auth token, once). A learner's
 * session belongs to their attempt, an area viewer's to their grant (cmi5-area.ts); a preview's
 * AU opens without one.
 */
export function cmi5LaunchRoutes(deps: LearnDeps, guard: GrantGuard, context: TrackingContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/launch/:token/cmi5/au/:index',
      {
        onRequest: guard.require('files'),
        schema: {
          tags: ['content origin'],
          summary: 'Launches an AU of a cmi5 course (redirects to it)',
          params: tokenParams.extend({ index: z.coerce.number().int().min(0).max(100_000) }),
          // Browse (look without being judged) or Review (look back): the session then records no completion or judgement (cmi5 10.2.2).
          querystring: z.object({ launchMode: z.enum(CMI5_LAUNCH_MODES).default('Normal') }),
        },
      },
      async (request, reply) => {
        const grant = grantOf(request);
        const frame = { contentOrigin: grant.contentOrigin, token: request.params.token };
        const version = await context.version(grant.tenant.id, grant.versionId);
        const au = version?.cmi5 ? cmi5Aus(version.cmi5)[request.params.index] : undefined;
        if (!version || !au) throw new AppError('LEARN_PLAYER_NO_CONTENT');
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        const sessionLaunch = (launched: { fetchToken: string }, actor: LearnerAgent, registration: string) =>
          reply.redirect(
            auUrl(frame, au.launchHref, {
              endpoint: xapiEndpointOf(grant.contentOrigin, request.params.token),
              fetch: `${grant.contentOrigin}/launch/${encodeURIComponent(request.params.token)}/cmi5/fetch/${launched.fetchToken}`,
              actor: JSON.stringify(actor),
              registration,
              activityId: au.lmsId,
            }),
            302,
          );
        // Another area's viewer: a session of their grant, whose statements go to that area.
        if (grant.kind === 'area' && grant.areaRef) {
          const launched = await context.db.withTenant(grant.tenant.id, (tx) => launchAreaAu(tx, grant.id, au, request.query.launchMode));
          return sessionLaunch(launched, areaAgentOf(siteUrlOf(grant.tenant, deps.config), grant.areaRef), areaRegistrationOf(grant.areaRef));
        }
        // A preview records nothing: the AU opens without a session (it will say it cannot report).
        if (grant.kind !== 'attempt') return reply.redirect(auUrl(frame, au.launchHref, null), 302);
        const { attemptId, userId } = attemptGrantOf(grant);
        const registration = await registrationOf(context, deps.config, { tenant: grant.tenant, attemptId, userId }, version);
        const launchUrl = auUrl(frame, au.launchHref, null);
        // An AU in its own window goes back to the learner's courses when it ends (cmi5 10.2.6); one in the player's frame has the player around it.
        const returnUrl = au.launchMethod === 'OwnWindow' ? `${grant.appOrigin}${MY_COURSES_PATH}` : null;
        const launched = await context.db.withTenant(grant.tenant.id, (tx) => launchAu(tx, registration, au, { launchMode: request.query.launchMode, launchUrl, returnUrl }));
        return sessionLaunch(launched, registration.learner, registration.attemptId);
      },
    );

    app.post(
      '/launch/:token/cmi5/fetch/:fetch',
      {
        // Its credentials are in its path (the launch and the one-time fetch token), checked in the handler: cmi5 wants every refusal as its error JSON with 200.
        onRequest: publicRoute('the cmi5 fetch URL: the launch credential and one-time token in its path are checked by the handler'),
        schema: { tags: ['content origin'], summary: "The fetch URL of a cmi5 session: its auth token, once", params: tokenParams.extend({ fetch: z.string().max(100) }) },
      },
      async (request, reply) => {
        // An AU elsewhere calls this from its own origin; the answer is the token, so it is readable from anywhere and stored nowhere.
        reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store').type('application/json; charset=utf-8');
        const failure = (code: '1' | '2' | '3', en: string) => ({ 'error-code': code, 'error-text': en });
        let grant: LaunchGrant;
        try {
          grant = await guard.admit(request, 'files');
        } catch {
          return failure('2', 'The launch has ended or its address is not valid.');
        }
        const holder: SessionHolder | undefined = grant.attemptId ? { attemptId: grant.attemptId } : grant.kind === 'area' ? { grantId: grant.id } : undefined;
        if (!holder) return failure('2', 'A preview records nothing.');
        const secret = randomBytes(32).toString('base64url');
        const outcome = await context.db.withTenant(grant.tenant.id, async (tx) => {
          const session = await lockSessionByFetchToken(tx, hashToken(request.params.fetch));
          if (!session || !sessionOf(session, holder)) return 'unknown' as const;
          if (session.fetchedAt !== null || session.terminatedAt !== null || session.abandonedAt !== null) return 'used' as const;
          await updateSession(tx, session.id, { fetchedAt: new Date(), authSecretHash: hashToken(secret) });
          return { sessionId: session.id };
        });
        if (outcome === 'unknown') return failure('2', 'This fetch URL is not known.');
        if (outcome === 'used') return failure('1', 'This fetch URL has been used already.');
        return { 'auth-token': authTokenOf(outcome.sessionId, secret) };
      },
    );
  };
}
