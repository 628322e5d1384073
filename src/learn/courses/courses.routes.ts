import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LearnDeps } from '../learn-deps.js';

/** Courses, content items and versions: the admin API and the publish API for authoring tools. */
export function coursesRoutes(_deps: LearnDeps): FastifyPluginAsyncZod {
  return async () => {};
}
