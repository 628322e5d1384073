import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { attachmentFor, attachmentViewOf, sendAttachment, uploadAttachment } from './attachments.service.js';
import { attachmentView, MAX_ATTACHMENT_BYTES } from './review.contract.js';

const TAGS = ['space: review'];

const idParams = z.object({ id: z.uuid() });

/** Pictures (screenshots) for review comments: upload one, then name it in the comment; and read one. */
export function attachmentRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const members = spaceMembers(deps.db);
  return async (app) => {
    // The picture is the body, whatever type the browser says it is: its bytes decide.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));

    app.post(
      '/api/space/items/:id/attachments',
      {
        onRequest: members.write,
        bodyLimit: MAX_ATTACHMENT_BYTES,
        schema: {
          tags: TAGS,
          summary: "Upload a picture for a comment on the file (the body: PNG, JPEG, GIF or WebP, up to 10 MB; ?name= its file name); name its id in the comment's or reply's `attachments`. One no comment takes within a day is removed",
          params: idParams,
          querystring: z.object({ name: z.string().max(500).optional() }),
          response: { 201: attachmentView },
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const context = requestContextOf(request);
        const attachment = await uploadAttachment((work) => runUseCase(deps.db, context, work), deps.storage, context.tenant.id, request.params.id, body, request.query.name);
        return reply.status(201).send(attachmentViewOf(attachment));
      },
    );

    app.get(
      '/api/space/attachments/:id',
      { onRequest: members.read, schema: { tags: TAGS, summary: "A comment's picture (who may see the file; its uploader before a comment takes it)", params: idParams } },
      async (request, reply) => {
        const attachment = await runUseCase(deps.db, requestContextOf(request), (useCase) => attachmentFor(useCase, request.params.id));
        return sendAttachment(deps, tenantOf(request).id, reply, attachment);
      },
    );
  };
}
