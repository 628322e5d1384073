import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { acceptedResponse } from './account.contract.js';
import { flowContext } from './flow-context.js';
import { passwordResetCompleteInput, passwordResetRequestInput } from './password-reset.contract.js';
import { completePasswordReset, requestPasswordReset } from './password-reset.service.js';
import { markRoutesSensitive } from '../http/force-https.js';
import { publicRoute } from '../access/route-access.js';

export function passwordResetRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    app.post(
      '/api/auth/password-reset/request',
      {
        onRequest: publicRoute('whoever forgot their password; answers the same whether the address exists'),
        // Each request may mail a link: the client address has a small budget of them.
        config: { sendsMailToNamedAddress: true },
        schema: {
          tags: ['auth'],
          summary: 'Ask for a password reset link by e-mail (the same answer whether or not the account exists)',
          body: passwordResetRequestInput,
          response: { 202: acceptedResponse },
        },
      },
      async (request, reply) => {
        await requestPasswordReset(db, flowContext(request), request.body.email);
        return reply.status(202).send({ accepted: true });
      },
    );

    app.post(
      '/api/auth/password-reset/complete',
      {
        onRequest: publicRoute('the holder of the one-time link from the mail'),
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with the token from a reset link; ends every session of the account',
          body: passwordResetCompleteInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await completePasswordReset(db, flowContext(request), request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
