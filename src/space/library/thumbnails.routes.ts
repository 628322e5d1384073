import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { provideThumbnail } from './thumbnails.service.js';

/** A frame of a video or a PDF's first page as a browser sends it: far below this (a 320-px WebP is some 20 kB). */
const MAX_PROVIDED_THUMBNAIL_BYTES = 2 * 1024 * 1024;

/** A video's or PDF's small picture, made by a member's browser from a frame it played or the first page it drew (the server decodes neither). */
export function thumbnailRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const members = spaceMembers(deps.db);
  return async (app) => {
    // The picture is the body, whatever type the browser says it is: its bytes decide.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_PROVIDED_THUMBNAIL_BYTES }, (_request, body, done) => done(null, body));

    app.put(
      '/api/space/items/:id/thumbnail',
      {
        onRequest: members.write,
        bodyLimit: MAX_PROVIDED_THUMBNAIL_BYTES,
        schema: {
          tags: ['space: library'],
          summary: "Give a video's or PDF's version (the current one, or ?version=) its small picture: a frame or the first page as PNG, JPEG or WebP, up to 2 MB, made into the list's 160-px WebP; who may edit the file; the first one stays",
          params: z.object({ id: z.uuid() }),
          querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const context = requestContextOf(request);
        await provideThumbnail(deps, (work) => runUseCase(deps.db, context, work), tenantOf(request).id, request.params.id, request.query.version, body);
        return reply.status(204).send(null);
      },
    );
  };
}
