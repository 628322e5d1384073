import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { userOf } from '../identity/session-guard.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { activeBansResponse, banIdParams, type BanView } from './guard.contract.js';
import { liftBan, listActiveBans, type BanView as StoredBan } from './intrusion.service.js';
import { allow } from '../access/policy-guard.js';
import { securityPolicy } from './security.policy.js';

function banJson(ban: StoredBan): BanView {
  return { ...ban, createdAt: ban.createdAt.toISOString(), until: ban.until.toISOString() };
}

/** Administrators see the running bans of their site and lift them. */
export function guardRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/admin/security/bans',
      {
        onRequest: allow(db, securityPolicy, 'manage'),
        schema: {
          tags: ['security'],
          summary: 'Running blocks of addresses and accounts after failed sign-ins (administrators)',
          response: { 200: activeBansResponse },
        },
      },
      async (request) => ({ bans: (await listActiveBans(db, tenantOf(request))).map(banJson) }),
    );

    app.delete(
      '/api/admin/security/bans/:id',
      {
        onRequest: allow(db, securityPolicy, 'manage'),
        schema: {
          tags: ['security'],
          summary: 'Lift a block now (administrators); its failures are forgotten',
          params: banIdParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await liftBan(db, tenantOf(request), request.params.id, {
          userId: userOf(request).id,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        return reply.status(204).send(null);
      },
    );
  };
}
