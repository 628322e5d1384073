import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { launchAreaPreview, launchResponse } from '../../learn/index.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { coursePreviewTarget, coursePreviewVersion } from './course-preview.service.js';

/** A course of the library in Learn's player, as a preview that records nothing. */
export function coursePreviewRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const members = spaceMembers(deps.db);
  return async (app) => {
    app.post(
      '/api/space/items/:id/player',
      {
        onRequest: members.play,
        schema: {
          tags: ['space: library'],
          summary: "Open a course package (the current version, or ?version=) in Learn's player as a preview that records nothing; issues a read-only content credential bound to the session",
          params: z.object({ id: z.uuid() }),
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
          response: { 200: launchResponse },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const context = requestContextOf(request);
        const target = await runUseCase(deps.db, context, (useCase) => coursePreviewTarget(useCase, request.params.id, request.query.version));
        const versionId = await coursePreviewVersion(deps, tenantOf(request).id, context.user.id, target);
        return launchAreaPreview(deps, request, versionId, target.item.name);
      },
    );
  };
}
