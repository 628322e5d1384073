import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { setUserActive } from './admin-users.service.js';
import { flowContext } from './flow-context.js';
import { userView } from './identity.contract.js';
import { inviteUserInput } from './invitations.contract.js';
import { inviteUser } from './invitations.service.js';
import { userOf } from './session-guard.js';
import type { User } from './users.repository.js';
import { allow } from '../access/policy-guard.js';
import { usersPolicy } from './users.policy.js';

function view({ id, email, firstName, lastName, roles, status }: User): z.infer<typeof userView> {
  return { id, email, firstName, lastName, roles, status };
}

/** User administration: invite, deactivate, reactivate. Administrators only. */
export function adminUsersRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const adminOnly = allow(db, usersPolicy, 'manage');
    const params = z.object({ id: z.uuid() });

    app.post(
      '/api/admin/users',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Create a user without a password and e-mail them an invitation link (valid 7 days)',
          body: inviteUserInput,
          response: { 201: userView },
        },
      },
      async (request, reply) => {
        const user = await inviteUser(db, flowContext(request), userOf(request), request.body);
        return reply.status(201).send(view(user));
      },
    );

    app.post(
      '/api/admin/users/:id/deactivate',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Deactivate a user: they cannot sign in, and their sessions end at once',
          params,
          body: z.object({}).optional(),
          response: { 200: userView },
        },
      },
      async (request) => view(await setUserActive(db, flowContext(request), userOf(request), request.params.id, false)),
    );

    app.post(
      '/api/admin/users/:id/reactivate',
      {
        onRequest: adminOnly,
        schema: {
          tags: ['users'],
          summary: 'Reactivate a deactivated user',
          params,
          body: z.object({}).optional(),
          response: { 200: userView },
        },
      },
      async (request) => view(await setUserActive(db, flowContext(request), userOf(request), request.params.id, true)),
    );
  };
}
