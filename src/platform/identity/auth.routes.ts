import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { sessionResponse, signInInput, type SessionResponse } from './identity.contract.js';
import { userOf } from './session-guard.js';
import { signOut } from './sessions.service.js';
import { signInWithPassword } from './sign-in.js';
import { clearSessionCookie, clientOf, sessionIdOf, setSessionCookie } from './session-cookie.js';
import { setUserLanguage, type User } from './users.repository.js';
import { pickLanguage } from '../http/language.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { allow } from '../access/policy-guard.js';
import { accountPolicy } from './account.policy.js';
import { publicRoute } from '../access/route-access.js';

function sessionView(user: User, tenant: Tenant): SessionResponse {
  const { id, email, firstName, lastName, roles } = user;
  return {
    user: { id, email, firstName, lastName, roles },
    tenant: { name: tenant.name, slug: tenant.slug },
    ...(user.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
  };
}

export function authRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/sign-in',
      {
        onRequest: publicRoute('signing in: the route checks the password and second factor'),
        config: { sensitive: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password; sets the session cookie',
          body: signInInput,
          response: { 200: sessionResponse },
        },
      },
      async (request, reply) => {
        const tenant = tenantOf(request);
        const result = await signInWithPassword(db, tenant, request.body, clientOf(request), sessionIdOf(request));
        // The web app sends its UI language as Accept-Language; remember it for mails sent later.
        const acceptLanguage = request.headers['accept-language'];
        if (acceptLanguage && /(^|,)\s*(de|en)\b/i.test(acceptLanguage)) {
          await db.withTenant(tenant.id, (tx) => setUserLanguage(tx, result.user.id, pickLanguage(acceptLanguage)));
        }
        setSessionCookie(request, reply, result.sessionId, result.expiresAt);
        return { ...sessionView(result.user, tenant), ...(result.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}) };
      },
    );

    app.post(
      '/api/auth/sign-out',
      {
        onRequest: publicRoute("ending one's session (without one there is nothing to end)"),
        schema: {
          tags: ['auth'],
          summary: 'End the current session',
          body: z.object({}).optional(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await signOut(db, tenantOf(request), sessionIdOf(request), clientOf(request));
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/session',
      {
        config: { openDuringPasswordChange: true },
        onRequest: allow(db, accountPolicy, 'manage'),
        schema: { tags: ['auth'], summary: 'The signed-in user and site', response: { 200: sessionResponse } },
      },
      async (request) => sessionView(userOf(request), tenantOf(request)),
    );
  };
}
