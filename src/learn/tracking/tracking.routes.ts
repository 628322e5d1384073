import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf, userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { launchAttempt, previewLaunch } from './launch-attempt.js';
import { playerFrameOf } from './player-frame.js';
import type { TrackingContext } from './tracking-context.js';
import { enrolmentParams, launchInput, launchResponse, resetResponse, versionParams } from './tracking.contract.js';
import { resetProgress } from './tracking.service.js';
import { allow } from '../../platform/access/index.js';
import { coursesPolicy } from '../courses/courses.policy.js';
import { enrolmentsPolicy } from '../enrolments/enrolments.policy.js';

/** The player on the app's origin: launch (with the attempt's credential), preview, reset. Commits arrive on the content origin. */
export function trackingRoutes(deps: LearnDeps, context: TrackingContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/learn/enrolments/:enrolmentId/launch',
      {
        onRequest: allow(deps.db, enrolmentsPolicy, 'launch'),
        schema: {
          tags: ['learn player'],
          summary: 'Open the player: resume the open attempt (on its version) or start one on the current version; issues the content credential of that attempt',
          params: enrolmentParams,
          body: launchInput,
          response: { 200: launchResponse },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const frame = playerFrameOf(deps, request);
        return launchAttempt(context, tenantOf(request).id, userOf(request), request.params.enrolmentId, { newAttempt: request.body?.newAttempt }, frame);
      },
    );

    app.post(
      '/api/learn/versions/:versionId/preview',
      {
        onRequest: allow(deps.db, coursesPolicy, 'preview'),
        schema: {
          tags: ['learn player'],
          summary: 'Launch data of a content version for a preview that records nothing (administrators, instructors); issues a read-only content credential',
          params: versionParams,
          response: { 200: launchResponse },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return previewLaunch(context, tenantOf(request).id, userOf(request), request.params.versionId, playerFrameOf(deps, request));
      },
    );

    app.post(
      '/api/learn/enrolments/:enrolmentId/reset',
      {
        onRequest: allow(deps.db, enrolmentsPolicy, 'manage'),
        schema: {
          tags: ['learn player'],
          summary: "Reset a learner's progress: close the open attempt (its content credential ends) and start the enrolment over",
          params: enrolmentParams,
          response: { 200: resetResponse },
        },
      },
      async (request) => resetProgress(context, tenantOf(request).id, userOf(request), request.params.enrolmentId, clientOf(request)),
    );
  };
}
