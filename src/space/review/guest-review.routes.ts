import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicRoute } from '../../platform/access/index.js';
import { AppError, errorMessage, pickLanguage, registerFormBody } from '../../platform/http/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { sendStoredFile } from '../library/send-file.js';
import { guestReviewNotFoundPage, guestReviewPage, type GuestFormState } from './guest-review-page.js';
import { sendAttachment } from './attachments.service.js';
import { addGuestComment, addGuestReply, finishGuestReview, guestAttachment, guestContent, openGuestReview } from './guest-review.service.js';

/** A guest's token as links carry it: 32 base64url characters. Anything else is answered as an unknown link. */
const tokenParams = z.object({ token: z.string().max(64) });
const pathOf = (token: string) => `/r/${encodeURIComponent(token)}`;
/** Form fields as a browser posts them; their rules are the service's, refused on the page at the field. */
const formBody = z.object({ body: z.string().max(20_000).optional(), at: z.string().max(100).optional(), page: z.string().max(100).optional() });

/** Never cached, the token in the address never passed on, not indexed. */
function guestHeaders(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-robots-tag', 'noindex');
}

/**
 * A guest reviewer's pages: the file, the threads, a new comment, a reply, "done". The token in the
 * address is the credential; whatever is done through it is done as its guest.
 */
export function guestReviewRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  return async (app) => {
    registerFormBody(app, 32 * 1024);

    const render = async (request: FastifyRequest, reply: FastifyReply, token: string, form: GuestFormState = {}, status = 200) => {
      const language = pickLanguage(request.headers['accept-language']);
      reply.type('text/html; charset=utf-8');
      guestHeaders(reply);
      try {
        const review = await openGuestReview(db, tenantOf(request).id, token);
        return reply.status(status).send(guestReviewPage(language, { base: pathOf(token), item: review.item, version: review.version, rendition: review.rendition !== null, request: review.request, guestDoneAt: review.guest.doneAt, threads: review.threads, form }));
      } catch (error) {
        if (error instanceof AppError && error.code === 'SPACE_GUEST_REVIEW_NOT_FOUND') return reply.status(404).send(guestReviewNotFoundPage(language));
        throw error;
      }
    };

    /** After a change, back to the page (a reload does not post again); a refusal is shown on the page, at its field. */
    const act = async (request: FastifyRequest, reply: FastifyReply, token: string, work: () => Promise<string | null>, typed: GuestFormState = {}) => {
      try {
        const anchor = await work();
        return reply.redirect(`${pathOf(token)}${anchor ? `#${anchor}` : ''}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'SPACE_GUEST_REVIEW_NOT_FOUND') return render(request, reply, token);
        const field = error.fields?.[0]?.field;
        if (field === 'body' || field === 'at' || field === 'page') {
          const message = errorMessage(error.code, pickLanguage(request.headers['accept-language']));
          return render(request, reply, token, { ...typed, error: { field, message } }, error.status);
        }
        throw error;
      }
    };

    app.get('/r/:token', { onRequest: publicRoute("a guest reviewer's page: the token in the address is the credential, checked by the handler"), schema: { hide: true, params: tokenParams } }, (request, reply) =>
      render(request, reply, request.params.token),
    );

    app.get(
      '/r/:token/content',
      { onRequest: publicRoute("the file a guest reviews (?rendition=1: an Office file's PDF rendition): the guest's token is checked by the handler"), schema: { hide: true, params: tokenParams, querystring: z.object({ rendition: z.enum(['1']).optional() }) } },
      async (request, reply) => {
        guestHeaders(reply);
        const { version, chunks } = await guestContent(db, tenantOf(request).id, request.params.token, { rendition: request.query.rendition === '1' });
        return sendStoredFile(deps, request, reply, { tenantId: tenantOf(request).id, version, chunks, download: false, frameAncestors: [] });
      },
    );

    app.get(
      '/r/:token/attachments/:attachmentId',
      { onRequest: publicRoute("a picture on a comment of the file a guest reviews: the guest's token is checked by the handler"), schema: { hide: true, params: tokenParams.extend({ attachmentId: z.uuid() }) } },
      async (request, reply) => {
        guestHeaders(reply);
        const attachment = await guestAttachment(db, tenantOf(request).id, request.params.token, request.params.attachmentId);
        return sendAttachment(deps, tenantOf(request).id, reply, attachment);
      },
    );

    app.post('/r/:token/comments', { onRequest: publicRoute("a guest reviewer's comment, as the guest of the token"), schema: { hide: true, params: tokenParams, body: formBody } }, (request, reply) =>
      act(request, reply, request.params.token, async () => `thread-${await addGuestComment(db, tenantOf(request).id, request.params.token, request.body)}`, request.body),
    );

    app.post(
      '/r/:token/replies/:threadId',
      { onRequest: publicRoute("a guest reviewer's reply, as the guest of the token"), schema: { hide: true, params: tokenParams.extend({ threadId: z.uuid() }), body: formBody } },
      (request, reply) =>
        act(request, reply, request.params.token, async () => {
          await addGuestReply(db, tenantOf(request).id, request.params.token, request.params.threadId, request.body);
          return `thread-${request.params.threadId}`;
        }),
    );

    app.post('/r/:token/done', { onRequest: publicRoute('a guest reviewer says they are done, as the guest of the token'), schema: { hide: true, params: tokenParams } }, (request, reply) =>
      act(request, reply, request.params.token, async () => {
        await finishGuestReview(db, tenantOf(request).id, request.params.token);
        return null;
      }),
    );
  };
}
