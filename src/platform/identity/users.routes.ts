import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { userView } from './identity.contract.js';
import { getUser } from './users.service.js';
import { actorOf, allow } from '../access/policy-guard.js';
import { usersPolicy } from './users.policy.js';

export function usersRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/users/:id',
      {
        onRequest: allow(db, usersPolicy, 'view'),
        schema: {
          tags: ['users'],
          summary: 'One user of this site (administrators, managers, or the user themself; session, or API token with users:read)',
          params: z.object({ id: z.uuid() }),
          response: { 200: userView },
        },
      },
      async (request) => {
        const user = await getUser(db, tenantOf(request).id, actorOf(request), request.params.id);
        const { id, email, firstName, lastName, roles, status } = user;
        return { id, email, firstName, lastName, roles, status };
      },
    );
  };
}
