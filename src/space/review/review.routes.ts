import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContextOf, runUseCase } from '../../platform/access/index.js';
import { pickLanguage } from '../../platform/http/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { commentListQuery, commentStatusInput, createCommentInput, createReviewRequestInput, replyInput, reviewRequestListView, reviewRequestView, threadListView, threadView, type ReviewRequestView, type ThreadView } from './review.contract.js';
import { finishReview, myReviewRequests, requestReview, reviewRequestsOf, type ReviewRequest } from './review-requests.service.js';
import type { CommentRecord } from './review.repository.js';
import { attachmentViewOf } from './attachments.service.js';
import { removeGuestReviewer, resendGuestLink } from './guest-review.service.js';
import { renderReviewReport } from './review-report-pdf.js';
import { addComment, changeThreadStatus, replyTo, threadsCsv, threadsOf, type Thread } from './review.service.js';

const TAGS = ['space: review'];
const idParams = z.object({ id: z.uuid() });

const commentOf = (comment: CommentRecord) => ({
  id: comment.id,
  author: { id: comment.authorId, name: `${comment.authorFirstName} ${comment.authorLastName}`.trim(), guest: comment.byGuest },
  body: comment.body,
  createdAt: comment.createdAt.toISOString(),
  mentions: comment.mentions,
  attachments: comment.attachments.map(attachmentViewOf),
});

function threadViewOf(thread: Thread, currentVersion: number | null): ThreadView {
  return {
    ...commentOf(thread.first),
    version: thread.first.version,
    onOlderVersion: currentVersion !== null && thread.first.version < currentVersion,
    anchor: thread.first.anchor,
    status: thread.first.status,
    replies: thread.replies.map(commentOf),
  };
}

function requestViewOf({ request, reviewers, itemName, requestedByName }: ReviewRequest): ReviewRequestView {
  return {
    id: request.id,
    itemId: request.itemId,
    itemName,
    version: request.version,
    requestedBy: request.requestedBy,
    requestedByName,
    message: request.message,
    dueAt: request.dueAt.toISOString(),
    createdAt: request.createdAt.toISOString(),
    reviewers: reviewers.map((r) => ({ id: r.id, name: r.name, guest: r.guest, doneAt: r.doneAt?.toISOString() ?? null })),
  };
}

/** Review comments on a file: anchored threads, replies, @mentions by e-mail, status, CSV export. */
export function reviewRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const members = spaceMembers(db);
  return async (app) => {
    const siteUrl = (request: Parameters<typeof tenantOf>[0]) => app.siteUrlOf(tenantOf(request));

    app.get('/api/space/items/:id/comments', { onRequest: members.read, schema: { tags: TAGS, summary: "A file's comment threads (filter by status, author, version); those on older versions are marked", params: idParams, querystring: commentListQuery, response: { 200: threadListView } } }, async (request) =>
      runUseCase(db, requestContextOf(request), async (useCase) => {
        const { item, threads } = await threadsOf(useCase, request.params.id, request.query);
        return { threads: threads.map((thread) => threadViewOf(thread, item.currentVersion)), currentVersion: item.currentVersion };
      }),
    );

    app.get('/api/space/items/:id/comments.csv', { onRequest: members.read, schema: { tags: TAGS, summary: "A file's comments as CSV (German or English by the browser's language)", params: idParams, querystring: commentListQuery } }, async (request, reply) => {
      const language = pickLanguage(request.headers['accept-language']);
      const csv = await runUseCase(db, requestContextOf(request), async (useCase) => {
        const { item, threads } = await threadsOf(useCase, request.params.id, request.query);
        return { name: item.name, text: threadsCsv(threads, item.currentVersion, language) };
      });
      const fileName = `${csv.name.replace(/[^\w.-]+/g, '_')}-comments.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(csv.text);
    });

    app.get('/api/space/items/:id/comments.pdf', { onRequest: members.read, schema: { tags: TAGS, summary: "A file's review as a PDF report (German or English by the browser's language)", params: idParams, querystring: commentListQuery } }, async (request, reply) => {
      const language = pickLanguage(request.headers['accept-language']);
      const tenant = tenantOf(request);
      const { item, threads } = await runUseCase(db, requestContextOf(request), (useCase) => threadsOf(useCase, request.params.id, request.query));
      const pdf = await renderReviewReport({ language, siteName: tenant.name, fileName: item.name, currentVersion: item.currentVersion, threads, generatedAt: new Date() });
      const fileName = `${item.name.replace(/[^\w.-]+/g, '_')}-review.pdf`;
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(pdf);
    });

    app.post('/api/space/items/:id/comments', { onRequest: members.write, schema: { tags: TAGS, summary: 'Comment on a file (anchored to a slide, a time, a page or a region), mentioning members', params: idParams, body: createCommentInput, response: { 201: threadView } } }, async (request, reply) =>
      reply.status(201).send(
        await runUseCase(db, requestContextOf(request), async (useCase) => {
          const thread = await addComment(useCase, request.params.id, request.body, siteUrl(request));
          return threadViewOf(thread, null);
        }),
      ),
    );

    app.post('/api/space/comments/:id/replies', { onRequest: members.write, schema: { tags: TAGS, summary: 'Reply in a comment thread', params: idParams, body: replyInput, response: { 201: threadView.shape.replies.element } } }, async (request, reply) =>
      reply.status(201).send(commentOf(await runUseCase(db, requestContextOf(request), (useCase) => replyTo(useCase, request.params.id, request.body, siteUrl(request))))),
    );

    app.post('/api/space/comments/:id/status', { onRequest: members.write, schema: { tags: TAGS, summary: 'Resolve or reopen a thread (its author, or who may edit the file)', params: idParams, body: commentStatusInput, response: { 200: z.object({ id: z.uuid(), status: z.enum(['open', 'resolved', 'reopened']) }) } } }, async (request) => {
      const root = await runUseCase(db, requestContextOf(request), (useCase) => changeThreadStatus(useCase, request.params.id, request.body));
      return { id: root.id, status: root.status };
    });

    app.post('/api/space/items/:id/review-requests', { onRequest: members.share, schema: { tags: TAGS, summary: 'Ask members to review a version of a file by a due date (each gets a mail, and a reminder the day before)', params: idParams, body: createReviewRequestInput, response: { 201: reviewRequestView } } }, async (request, reply) =>
      reply.status(201).send(requestViewOf(await runUseCase(db, requestContextOf(request), (useCase) => requestReview(useCase, request.params.id, request.body, { siteUrl: siteUrl(request), language: pickLanguage(request.headers['accept-language']) })))),
    );
    app.get('/api/space/items/:id/review-requests', { onRequest: members.read, schema: { tags: TAGS, summary: "A file's review requests with each reviewer's state", params: idParams, response: { 200: reviewRequestListView } } }, async (request) => ({
      requests: (await runUseCase(db, requestContextOf(request), (useCase) => reviewRequestsOf(useCase, request.params.id))).map(requestViewOf),
    }));
    app.get('/api/space/review-requests/mine', { onRequest: members.read, schema: { tags: TAGS, summary: 'The review requests waiting for me, soonest due first', response: { 200: reviewRequestListView } } }, async (request) => ({
      requests: (await runUseCase(db, requestContextOf(request), myReviewRequests)).map(requestViewOf),
    }));
    const guestParams = z.object({ id: z.uuid(), guestId: z.uuid() });
    app.delete('/api/space/review-requests/:id/guests/:guestId', { onRequest: members.write, schema: { tags: TAGS, summary: 'Take a guest off a review request (who asked, or who may edit the file): their link opens nothing more; their comments stay', params: guestParams, response: { 204: z.null() } } }, async (request, reply) => {
      await runUseCase(db, requestContextOf(request), (useCase) => removeGuestReviewer(useCase, request.params.id, request.params.guestId));
      return reply.status(204).send(null);
    });
    app.post('/api/space/review-requests/:id/guests/:guestId/resend', { onRequest: members.share, schema: { tags: TAGS, summary: "Mail a guest their review link again (the same link; at most once a minute)", params: guestParams, response: { 204: z.null() } } }, async (request, reply) => {
      await runUseCase(db, requestContextOf(request), (useCase) => resendGuestLink(useCase, request.params.id, request.params.guestId, siteUrl(request)));
      return reply.status(204).send(null);
    });
    app.post('/api/space/review-requests/:id/done', { onRequest: members.write, schema: { tags: TAGS, summary: 'Say my review is done', params: idParams, response: { 200: reviewRequestView } } }, async (request) =>
      requestViewOf(await runUseCase(db, requestContextOf(request), (useCase) => finishReview(useCase, request.params.id))),
    );
  };
}
