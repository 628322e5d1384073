import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { allow } from '../../platform/access/index.js';
import { clientOf, userOf } from '../../platform/identity/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { enrolmentsPolicy } from '../enrolments/enrolments.policy.js';
import type { LearnDeps } from '../learn-deps.js';
import type { TrackingContext } from '../tracking/tracking-context.js';
import { enrolmentParams } from '../tracking/tracking.contract.js';
import { abandonResponse, waiveBody, waiveResponse } from './cmi5.contract.js';
import { abandonSessionsOfEnrolment, waiveAuOfEnrolment } from './cmi5.service.js';

/** Administrators' and managers' actions on a learner's cmi5 registration: waive an AU, abandon open sessions. */
export function cmi5AdminRoutes(deps: LearnDeps, context: TrackingContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/learn/enrolments/:enrolmentId/cmi5/waive',
      {
        onRequest: allow(deps.db, enrolmentsPolicy, 'manage'),
        schema: {
          tags: ['learn player'],
          summary: "Waive an AU of a learner's cmi5 course (it counts as satisfied; the LMS records why)",
          params: enrolmentParams,
          body: waiveBody,
          response: { 200: waiveResponse },
        },
      },
      async (request) => waiveAuOfEnrolment(context, deps.config, tenantOf(request), userOf(request), request.params.enrolmentId, request.body, clientOf(request)),
    );

    app.post(
      '/api/learn/enrolments/:enrolmentId/cmi5/abandon',
      {
        onRequest: allow(deps.db, enrolmentsPolicy, 'manage'),
        schema: {
          tags: ['learn player'],
          summary: "Abandon the cmi5 sessions a learner left open (each is recorded as abandoned)",
          params: enrolmentParams,
          response: { 200: abandonResponse },
        },
      },
      async (request) => abandonSessionsOfEnrolment(context, deps.config, tenantOf(request), userOf(request), request.params.enrolmentId, clientOf(request)),
    );
  };
}
