import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LearnDeps } from '../learn-deps.js';

/** Enrolments of users and groups, self-enrolment, the learner dashboard. */
export function enrolmentsRoutes(_deps: LearnDeps): FastifyPluginAsyncZod {
  return async () => {};
}
