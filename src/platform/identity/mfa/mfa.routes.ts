import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import { userOf } from '../session-guard.js';
import { mfaConfirmInput, mfaEnableInput, mfaSetupInput, mfaSetupResponse, mfaStatusResponse, recoveryCodesResponse } from './mfa.contract.js';
import { disableMfa, enableMfa, mfaStatus, regenerateRecoveryCodes, setupMfa } from './mfa.service.js';
import { markRoutesSensitive } from '../../http/force-https.js';
import { allow } from '../../access/policy-guard.js';
import { accountPolicy } from '../account.policy.js';
import { clientOf } from '../session-cookie.js';


/** Two-factor sign-in of the signed-in user (session only: an API token cannot change it). */
export function mfaRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    app.get(
      '/api/me/mfa',
      {
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: { tags: ['mfa'], summary: 'My two-factor sign-in: on or off, recovery codes left, required by the site', response: { 200: mfaStatusResponse } },
      },
      async (request) => mfaStatus(db, tenantOf(request), userOf(request).id),
    );

    app.post(
      '/api/me/mfa/setup',
      {
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['mfa'],
          summary: 'Start setting up an authenticator app (current password required); confirm with /enable',
          body: mfaSetupInput,
          response: { 200: mfaSetupResponse },
        },
      },
      async (request, reply) => {
        const enrolment = await setupMfa(db, tenantOf(request), userOf(request), request.body.password, clientOf(request));
        reply.header('cache-control', 'no-store');
        return enrolment;
      },
    );

    app.post(
      '/api/me/mfa/enable',
      {
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['mfa'],
          summary: 'Confirm the app with its first code; answers the recovery codes, once',
          body: mfaEnableInput,
          response: { 200: recoveryCodesResponse },
        },
      },
      async (request, reply) => {
        const recoveryCodes = await enableMfa(db, tenantOf(request), userOf(request), request.body.code, clientOf(request));
        reply.header('cache-control', 'no-store');
        return { recoveryCodes };
      },
    );

    app.post(
      '/api/me/mfa/disable',
      {
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['mfa'],
          summary: 'Turn two-factor sign-in off (current password and a code or recovery code)',
          body: mfaConfirmInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await disableMfa(db, tenantOf(request), userOf(request), request.body, clientOf(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/me/mfa/recovery-codes',
      {
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['mfa'],
          summary: 'New recovery codes (current password and a code); the old ones stop working',
          body: mfaConfirmInput,
          response: { 200: recoveryCodesResponse },
        },
      },
      async (request, reply) => {
        const recoveryCodes = await regenerateRecoveryCodes(db, tenantOf(request), userOf(request), request.body, clientOf(request));
        reply.header('cache-control', 'no-store');
        return { recoveryCodes };
      },
    );
  };
}
