import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { allow } from '../../access/policy-guard.js';
import { requestContextOf, runUseCase } from '../../access/request-context.js';
import type { Db } from '../../db/client.js';
import { accountPolicy } from '../../identity/account.policy.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import { myMailConsentView, requestMailConsentInput, sentMailingView, updateMailingInput, updateMailsOverview } from './consent.contract.js';
import { myMailConsent, requestMailConsent, withdrawMyMailConsent } from './consent.service.js';
import { sendUpdateMailing, updateMailsOverview as overviewOf } from './update-mailings.service.js';
import { updateMailsPolicy } from './update-mails.policy.js';

/** One's own consent to update e-mails, and the admin's mailings to those who consented. */
export function consentRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    const own = allow(db, accountPolicy, 'manage');
    const admin = allow(db, updateMailsPolicy, 'manage');
    const tags = ['privacy'];

    app.get(
      '/api/me/mail-consent',
      { onRequest: own, schema: { tags, summary: 'My consent to update e-mails, and the text a new consent agrees to', response: { 200: myMailConsentView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => myMailConsent(useCase, request.server.mailConfigured)),
    );

    app.post(
      '/api/me/mail-consent',
      {
        onRequest: own,
        schema: {
          tags,
          summary: 'Ask for update e-mails with the text shown: a confirmation link goes to my address (double opt-in)',
          body: requestMailConsentInput,
          response: { 202: myMailConsentView },
        },
      },
      async (request, reply) => {
        const site = { url: request.server.siteUrlOf(tenantOf(request)), mailSent: request.server.mailConfigured };
        const consent = await runUseCase(db, requestContextOf(request), (useCase) => requestMailConsent(useCase, request.body, site));
        return reply.status(202).send(consent);
      },
    );

    app.delete(
      '/api/me/mail-consent',
      { onRequest: own, schema: { tags, summary: 'Withdraw my consent to update e-mails (or cancel a pending request)', response: { 200: myMailConsentView } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => withdrawMyMailConsent(useCase, request.server.mailConfigured)),
    );

    app.get(
      '/api/admin/update-mails',
      { onRequest: admin, schema: { tags, summary: 'How many people consented to update e-mails, and the mailings sent', response: { 200: updateMailsOverview } } },
      async (request) => runUseCase(db, requestContextOf(request), (useCase) => overviewOf(useCase, request.server.mailConfigured)),
    );

    app.post(
      '/api/admin/update-mails',
      {
        onRequest: admin,
        schema: {
          tags,
          summary: 'Send an update e-mail to everybody with confirmed consent (queued in batches after the answer, each with a one-click unsubscribe link)',
          body: updateMailingInput,
          response: { 201: sentMailingView },
        },
      },
      async (request, reply) => {
        const sent = await runUseCase(db, requestContextOf(request), (useCase) => sendUpdateMailing(useCase, request.body, request.server.mailConfigured));
        return reply.status(201).send(sent);
      },
    );
  };
}
