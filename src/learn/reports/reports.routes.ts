import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LearnDeps } from '../learn-deps.js';

/** Reports per course, per learner and overdue; CSV and XLSX exports. */
export function reportsRoutes(_deps: LearnDeps): FastifyPluginAsyncZod {
  return async () => {};
}
