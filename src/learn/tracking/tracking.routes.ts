import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LearnDeps } from '../learn-deps.js';

/** The player: launch data, the SCORM commit endpoint, attempts. */
export function trackingRoutes(_deps: LearnDeps): FastifyPluginAsyncZod {
  return async () => {};
}
