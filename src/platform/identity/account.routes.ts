import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { AppError } from '../http/errors.js';
import { acceptedResponse, changeEmailInput, changePasswordInput, confirmEmailChangeInput, emailChangedResponse } from './account.contract.js';
import { changePassword, confirmEmailChange, requestEmailChange } from './account.service.js';
import { flowContext } from './flow-context.js';
import { userOf } from './session-guard.js';
import { sessionIdOf, setSessionCookie } from './session-cookie.js';
import { markRoutesSensitive } from '../http/force-https.js';
import { allow } from '../access/policy-guard.js';
import { accountPolicy } from './account.policy.js';
import { publicRoute } from '../access/route-access.js';

/** The signed-in user's own password and e-mail address, and the confirmation of a new address. */
export function accountRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    app.post(
      '/api/me/password',
      {
        config: { openDuringPasswordChange: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['account'],
          summary: 'Change your password (needs the current one); your other sessions end, this one gets a new id (a new cookie)',
          body: changePasswordInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const sessionId = sessionIdOf(request);
        if (!sessionId) throw new AppError('AUTH_REQUIRED');
        const renewed = await changePassword(db, flowContext(request), userOf(request), sessionId, request.body);
        setSessionCookie(request, reply, renewed.sessionId, renewed.expiresAt);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/email',
      {
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['account'],
          summary: 'Change your e-mail address (needs the current password); a confirmation link goes to the new address',
          body: changeEmailInput,
          response: { 202: acceptedResponse },
        },
      },
      async (request, reply) => {
        await requestEmailChange(db, flowContext(request), userOf(request), request.body);
        return reply.status(202).send({ accepted: true });
      },
    );

    app.post(
      '/api/auth/email-change/confirm',
      {
        onRequest: publicRoute('the holder of the one-time link sent to the new address'),
        schema: {
          tags: ['account'],
          summary: 'Confirm a new e-mail address with the token from the link sent to it',
          body: confirmEmailChangeInput,
          response: { 200: emailChangedResponse },
        },
      },
      async (request) => confirmEmailChange(db, flowContext(request), request.body.token),
    );
  };
}
