import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LearnDeps } from '../learn-deps.js';

/** Unpacked package files, served same-origin to enrolled users, admins and reviewers. */
export function contentRoutes(_deps: LearnDeps): FastifyPluginAsyncZod {
  return async () => {};
}
