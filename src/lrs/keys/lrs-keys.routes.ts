import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { createdLrsKey, createLrsKeyInput, lrsKeyList, type LrsKeyView } from './lrs-keys.contract.js';
import { lrsKeysPolicy } from './lrs-keys.policy.js';
import type { LrsKeyRecord } from './lrs-keys.repository.js';
import { createLrsKey, lrsKeysOf, revokeLrsKey } from './lrs-keys.service.js';

const TAGS = ['lrs: keys'];

export function lrsKeyView(record: LrsKeyRecord): LrsKeyView {
  return {
    id: record.id,
    name: record.name,
    key: record.key,
    scopes: record.scopes,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: record.lastUsedIp,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/** The site's LRS keys in the admin console: made (the secret shown once), listed with their last use, revoked. */
export function lrsKeysRoutes(db: Db): FastifyPluginAsyncZod {
  const admins = allow(db, lrsKeysPolicy, 'manage');
  return async (app) => {
    const endpointOf = (request: Parameters<typeof tenantOf>[0]) => `${app.siteUrlOf(tenantOf(request))}/xapi/`;

    app.get(
      '/api/lrs/keys',
      { onRequest: admins, schema: { tags: TAGS, summary: "The site's LRS keys (without their secrets) and the LRS endpoint", response: { 200: lrsKeyList } } },
      async (request) => ({ keys: (await runUseCase(db, requestContextOf(request), lrsKeysOf)).map(lrsKeyView), endpoint: endpointOf(request) }),
    );

    app.post(
      '/api/lrs/keys',
      { onRequest: allow(db, lrsKeysPolicy, 'create'), schema: { tags: TAGS, summary: 'Make an LRS key (its secret is in this answer only)', body: createLrsKeyInput, response: { 201: createdLrsKey } } },
      async (request, reply) => {
        const { record, secret } = await runUseCase(db, requestContextOf(request), (useCase) => createLrsKey(useCase, request.body));
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({ ...lrsKeyView(record), secret, endpoint: endpointOf(request) });
      },
    );

    app.delete(
      '/api/lrs/keys/:id',
      { onRequest: admins, schema: { tags: TAGS, summary: 'Revoke an LRS key (at once: its next request is refused)', params: z.object({ id: z.uuid() }), response: { 204: z.null() } } },
      async (request, reply) => {
        await runUseCase(db, requestContextOf(request), (useCase) => revokeLrsKey(useCase, request.params.id));
        return reply.status(204).send(null);
      },
    );
  };
}
