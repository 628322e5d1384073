import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.js';

/** Groups and departments (nested) and their members. */
export function groupsRoutes(_db: Db): FastifyPluginAsyncZod {
  return async () => {};
}
