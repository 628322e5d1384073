import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { BlobStore } from '../storage/blob-store.js';
import { allow } from '../access/policy-guard.js';
import { markRoutesSensitive } from '../http/force-https.js';
import { accountPolicy } from '../identity/account.policy.js';
import { flowContext } from '../identity/flow-context.js';
import { userOf } from '../identity/session-guard.js';
import { privacyPolicy } from './privacy.policy.js';
import { ownRequests, rejectErasureRequest, requestErasure, siteRequests } from './erasure-requests.js';
import { eraseUserInput, ownRequestsView, privacyRequestView, rejectRequestInput, siteRequestsQuery, siteRequestsView } from './privacy.contract.js';
import type { PrivacyArea } from './privacy-areas.js';
import type { PrivacyRequest } from './privacy.repository.js';
import { exportUserData } from './user-export.js';
import { eraseUser } from './user-erasure.js';

function viewOf(request: PrivacyRequest) {
  return {
    id: request.id,
    subjectUserId: request.subjectUserId,
    kind: request.kind,
    status: request.status,
    requestedAt: new Date(request.requestedAt).toISOString(),
    handledAt: request.handledAt ? new Date(request.handledAt).toISOString() : null,
  };
}

/** A person's data export and erasure: their own on the account page, any of the site's users for administrators. */
export function privacyRoutes(db: Db, storage: BlobStore, areas: readonly PrivacyArea[]): FastifyPluginAsyncZod {
  return async (app) => {
    markRoutesSensitive(app);
    const signedIn = allow(db, accountPolicy, 'manage');
    const admins = allow(db, privacyPolicy, 'manage');
    const tags = ['privacy'];
    const params = z.object({ id: z.uuid() });

    app.get(
      '/api/me/privacy/export',
      { onRequest: signedIn, config: { recordsOnRead: true }, schema: { tags, summary: 'Download everything the site keeps about you, as a zip of JSON and CSV files and the files you handed in (made at once, not stored)' } },
      async (request, reply) => {
        const user = userOf(request);
        const { zip, fileName } = await exportUserData({ db, storage, log: request.log }, flowContext(request), user.id, user.id, areas);
        return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(zip);
      },
    );

    app.get(
      '/api/me/privacy/requests',
      { onRequest: signedIn, schema: { tags, summary: 'Your data exports and erasure requests, newest first', response: { 200: ownRequestsView } } },
      async (request) => ({ requests: (await ownRequests(db, flowContext(request), userOf(request).id)).map(viewOf) }),
    );

    app.post(
      '/api/me/privacy/erasure-request',
      {
        onRequest: signedIn,
        schema: { tags, summary: "Ask for your account and data to be erased; the site's administrators carry it out (asking again while one is open changes nothing)", body: z.object({}).optional(), response: { 201: privacyRequestView } },
      },
      async (request, reply) => reply.status(201).send(viewOf(await requestErasure(db, flowContext(request), userOf(request).id))),
    );

    app.get(
      '/api/admin/privacy/requests',
      { onRequest: admins, schema: { tags, summary: "The site's data exports and erasure requests, newest first", querystring: siteRequestsQuery, response: { 200: siteRequestsView } } },
      async (request) => ({
        requests: (await siteRequests(db, flowContext(request), request.query.status)).map((row) => ({ ...viewOf(row), subjectName: row.subjectName, subjectEmail: row.subjectEmail })),
      }),
    );

    app.post(
      '/api/admin/privacy/requests/:id/reject',
      { onRequest: admins, schema: { tags, summary: 'Refuse an open erasure request, with the reason', params, body: rejectRequestInput, response: { 204: z.null() } } },
      async (request, reply) => {
        await rejectErasureRequest(db, flowContext(request), userOf(request).id, request.params.id, request.body.reason);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/admin/users/:id/privacy-export',
      { onRequest: admins, config: { recordsOnRead: true }, schema: { tags, summary: 'Download everything the site keeps about one of its users, as a zip (logged)', params } },
      async (request, reply) => {
        const { zip, fileName } = await exportUserData({ db, storage, log: request.log }, flowContext(request), userOf(request).id, request.params.id, areas);
        return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(zip);
      },
    );

    app.post(
      '/api/admin/users/:id/erase',
      {
        onRequest: admins,
        schema: {
          tags,
          summary: "Erase a user for good: sign-in, tokens and personal details go; learning records stay under the name 'Deleted person'; orders stay as tax law requires",
          params,
          body: eraseUserInput,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await eraseUser(db, flowContext(request), userOf(request).id, request.params.id, request.body.confirmEmail, areas);
        return reply.status(204).send(null);
      },
    );
  };
}
