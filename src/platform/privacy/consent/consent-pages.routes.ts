import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicRoute } from '../../access/route-access.js';
import { siteNameOf } from '../../branding/branding.service.js';
import type { Db } from '../../db/client.js';
import { AppError, errorMessage } from '../../http/errors.js';
import { pickLanguage } from '../../http/language.js';
import { flowContext } from '../../identity/flow-context.js';
import { tenantOf } from '../../tenancy/tenant-resolver.js';
import { confirmConsentPage, consentConfirmedPage, refusedPage, unsubscribedPage, unsubscribePage } from './consent-pages.js';
import { checkUnsubscribeLink, CONFIRM_PAGE, confirmMailConsent, UNSUBSCRIBE_PAGE, unsubscribeByLink } from './consent.service.js';
import { registerFormFields } from './form-fields.js';
import type { UnsubscribeLinks } from './unsubscribe-link.js';

// Anything: a mangled link gets this page's own refusal, not a validation error.
const tokenQuery = z.object({ token: z.string().max(512).default('') });
const formBody = z.record(z.string(), z.string()).optional();

/** The one-click body RFC 8058 prescribes (the page's button posts the same). */
const ONE_CLICK = 'One-Click';

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  // The address holds a token: no Referer leaves with it, and no cache keeps the answer.
  return reply.status(status).type('text/html; charset=utf-8').header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').send(body);
}

/** A refusal from the catalogue as this page's text; other errors (a ban: 429) go to the error handler. */
function refusal(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 429) throw error;
  return html(reply, error.status, refusedPage(pickLanguage(request.headers['accept-language']), errorMessage(error.code, pickLanguage(request.headers['accept-language']))));
}

/**
 * The pages behind the links of consent and update e-mails; nobody needs to be signed in. A GET
 * only shows a button (mail scanners follow links); the POST changes the consent.
 */
export function consentPagesRoutes(db: Db, links: UnsubscribeLinks): FastifyPluginAsyncZod {
  return async (app) => {
    registerFormFields(app);

    app.get(
      CONFIRM_PAGE,
      { onRequest: publicRoute('the page of a consent confirmation link: shows a button, changes nothing'), schema: { hide: true, querystring: tokenQuery } },
      async (request, reply) => {
        const language = pickLanguage(request.headers['accept-language']);
        return html(reply, 200, confirmConsentPage(language, siteNameOf(tenantOf(request)), CONFIRM_PAGE, request.query.token));
      },
    );

    app.post(
      CONFIRM_PAGE,
      {
        onRequest: publicRoute('the holder of a consent confirmation link (single use, 7 days), checked through the intrusion guard'),
        config: { checksGuessableCode: true },
        schema: { hide: true, body: formBody },
      },
      async (request, reply) => {
        const language = pickLanguage(request.headers['accept-language']);
        try {
          await confirmMailConsent(db, flowContext(request), request.body?.token ?? '');
        } catch (error) {
          return refusal(request, reply, error);
        }
        return html(reply, 200, consentConfirmedPage(language, siteNameOf(tenantOf(request))));
      },
    );

    app.get(
      UNSUBSCRIBE_PAGE,
      {
        onRequest: publicRoute("an update e-mail's signed unsubscribe link: shows a button, changes nothing"),
        config: { checksGuessableCode: true },
        schema: { hide: true, querystring: tokenQuery },
      },
      async (request, reply) => {
        const language = pickLanguage(request.headers['accept-language']);
        const { token } = request.query;
        try {
          await checkUnsubscribeLink(db, flowContext(request), links, token);
        } catch (error) {
          return refusal(request, reply, error);
        }
        return html(reply, 200, unsubscribePage(language, siteNameOf(tenantOf(request)), `${UNSUBSCRIBE_PAGE}?token=${encodeURIComponent(token)}`));
      },
    );

    app.post(
      UNSUBSCRIBE_PAGE,
      {
        onRequest: publicRoute("one-click unsubscribe (RFC 8058): the signed link is the credential, checked through the intrusion guard"),
        // A mail provider posts this from its own servers (or a webmail page), never with our session:
        // the route reads no cookie, so the cross-origin guard has nothing to protect here.
        // Signed and checked before it has any effect; providers send them in bursts from a few addresses.
        config: { credentialsInRequest: true, signedCallback: true },
        schema: { hide: true, querystring: tokenQuery, body: formBody },
      },
      async (request, reply) => {
        const language = pickLanguage(request.headers['accept-language']);
        try {
          if (request.body?.['List-Unsubscribe'] !== ONE_CLICK) throw new AppError('UNSUBSCRIBE_ONE_CLICK_REQUIRED', [{ field: 'List-Unsubscribe', value: request.body?.['List-Unsubscribe'] ?? '' }]);
          await unsubscribeByLink(db, flowContext(request), links, request.query.token);
        } catch (error) {
          return refusal(request, reply, error);
        }
        return html(reply, 200, unsubscribedPage(language, siteNameOf(tenantOf(request))));
      },
    );
  };
}
