import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { flowContext } from './flow-context.js';
import { acceptInvitationInput } from './invitations.contract.js';
import { acceptInvitation } from './invitations.service.js';
import { markRoutesSensitive } from '../http/force-https.js';
import { publicRoute } from '../access/route-access.js';

export function invitationsRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    app.post(
      '/api/auth/invitation/accept',
      {
        onRequest: publicRoute('the holder of the one-time invitation link'),
        schema: {
          tags: ['auth'],
          summary: 'Choose a password with the token from an invitation link; the account can then sign in',
          body: acceptInvitationInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await acceptInvitation(db, flowContext(request), request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
