import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.js';
import { publicRoute } from '../access/route-access.js';
import { markRoutesSensitive } from '../http/force-https.js';
import { acceptedResponse } from './account.contract.js';
import { flowContext } from './flow-context.js';
import { registrationInput } from './self-registration.contract.js';
import { requestRegistration } from './self-registration.service.js';

export function selfRegistrationRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    app.post(
      '/api/auth/register',
      {
        onRequest: publicRoute('whoever wants an account where the site lets people register; answers the same whether the address has one'),
        // Each request may mail a link: the client address has a small budget of them.
        config: { sendsMailToNamedAddress: true },
        schema: {
          tags: ['auth'],
          summary: 'Ask for an account of one’s own (a learner’s): a link to choose the password is mailed (the same answer whether or not the address has an account)',
          body: registrationInput,
          response: { 202: acceptedResponse },
        },
      },
      async (request, reply) => {
        await requestRegistration(db, flowContext(request), request.body);
        return reply.status(202).send({ accepted: true });
      },
    );
  };
}
