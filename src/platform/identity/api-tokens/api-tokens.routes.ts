import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import { userOf } from '../session-guard.js';
import { adminApiTokenList, adminApiTokenQuery, apiTokenList, createOwnApiTokenInput, createdApiToken, meResponse, type ApiTokenView } from './api-tokens.contract.js';
import type { ApiTokenRecord } from './api-tokens.repository.js';
import { listOwnTokens, listTenantTokens, revokeApiToken } from './api-tokens.service.js';
import { createOwnApiToken } from './create-own-api-token.js';
import { markRoutesSensitive } from '../../http/force-https.js';
import { allow } from '../../access/policy-guard.js';
import { accountPolicy } from '../account.policy.js';
import { usersPolicy } from '../users.policy.js';
import { clientOf } from '../session-cookie.js';


function tokenView(token: ApiTokenRecord): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

const tokenIdParams = z.object({ id: z.uuid() });

export function apiTokensRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    // Tokens are managed with a session only: a token cannot mint or list tokens.
    app.post(
      '/api/me/tokens',
      {
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: {
          tags: ['api tokens'],
          summary: 'Create an API token (current password, and a code with two-factor sign-in); the token is in this answer only',
          body: createOwnApiTokenInput,
          response: { 201: createdApiToken },
        },
      },
      async (request, reply) => {
        const { token, record } = await createOwnApiToken(db, tenantOf(request), userOf(request), request.body, clientOf(request));
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({ ...tokenView(record), token });
      },
    );

    // Listing and revoking one's own tokens stay open while a required second factor waits to be
    // set up (making and using them do not).
    app.get(
      '/api/me/tokens',
      {
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: { tags: ['api tokens'], summary: 'My API tokens (without their secrets)', response: { 200: apiTokenList } },
      },
      async (request) => ({ tokens: (await listOwnTokens(db, tenantOf(request), userOf(request))).map(tokenView) }),
    );

    app.delete(
      '/api/me/tokens/:id',
      {
        config: { openDuringMfaEnrolment: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: { tags: ['api tokens'], summary: 'Revoke one of my API tokens', params: tokenIdParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await revokeApiToken(db, tenantOf(request), userOf(request), request.params.id, clientOf(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/admin/tokens',
      {
        onRequest: allow(db, usersPolicy, 'manageTokens'),
        schema: {
          tags: ['api tokens'],
          summary: 'The API tokens of every user of this site, newest first (administrators)',
          querystring: adminApiTokenQuery,
          response: { 200: adminApiTokenList },
        },
      },
      async (request) => {
        const tokens = await listTenantTokens(db, tenantOf(request), userOf(request), request.query);
        return { tokens: tokens.map((t) => ({ ...tokenView(t), lastUsedIp: t.lastUsedIp, user: t.user })) };
      },
    );

    app.delete(
      '/api/admin/tokens/:id',
      {
        onRequest: allow(db, usersPolicy, 'manageTokens'),
        schema: { tags: ['api tokens'], summary: 'Revoke any API token of this site (administrators)', params: tokenIdParams, response: { 204: z.null() } },
      },
      async (request, reply) => {
        await revokeApiToken(db, tenantOf(request), userOf(request), request.params.id, clientOf(request), { asAdmin: true });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        onRequest: allow(db, accountPolicy, 'read'),
        schema: {
          tags: ['api tokens'],
          summary: 'Who is calling: the user of the session cookie or of the API token (any scope)',
          response: { 200: meResponse },
        },
      },
      async (request) => {
        const { id, email, firstName, lastName, roles } = userOf(request);
        const { name, slug } = tenantOf(request);
        const token = request.apiToken;
        return {
          user: { id, email, firstName, lastName, roles },
          tenant: { name, slug },
          authentication: token ? { method: 'token' as const, tokenId: token.id, scopes: token.scopes } : { method: 'session' as const },
        };
      },
    );
  };
}
