import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { userView } from './identity.contract.js';
import { requireUserOrToken } from './api-tokens/token-guard.js';
import { actingUserOf } from './session-guard.js';
import { getUser } from './users.service.js';

export function usersRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/users/:id',
      {
        // A token of scope users:read reads as its user: getUser decides by that user's roles.
        onRequest: requireUserOrToken(db, { scope: 'users:read' }),
        schema: {
          tags: ['users'],
          summary: 'One user of this site (administrators, managers, or the user themself; session, or API token with users:read)',
          params: z.object({ id: z.uuid() }),
          response: { 200: userView },
        },
      },
      async (request) => {
        const user = await getUser(db, tenantOf(request).id, actingUserOf(request), request.params.id);
        const { id, email, firstName, lastName, roles, status } = user;
        return { id, email, firstName, lastName, roles, status };
      },
    );
  };
}
