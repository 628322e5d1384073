import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicRoute, requestContextOf, runUseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, pickLanguage, registerFormBody, requestLanguage } from '../../platform/http/index.js';
import { clientOf, signedInUserIfAny } from '../../platform/identity/index.js';
import type { AreaRouteDeps } from '../../platform/modules/index.js';
import { tenantOf, type Tenant } from '../../platform/tenancy/index.js';
import { recordViewBeacon, startViewSession } from '../analytics/analytics.service.js';
import { recordCourseProgress, sharedCourseLaunch } from '../analytics/course-progress.service.js';
import { launchForAreaViewer, launchResponse, registerAreaCommitSink } from '../../learn/index.js';
import { SHARE_LINK_AREA } from './shared-course-refs.js';
import { viewBeaconInput } from '../analytics/analytics.contract.js';
import { VIEW_BEACON_SCRIPT } from '../analytics/view-beacon-script.js';
import { sendStoredFile } from '../library/send-file.js';
import { spaceMembers } from '../workspace/member-guard.js';
import { grantCookieValue, grantOf, widenGrant, type ShareGrant } from './share-grant.js';
import { codePage, notFoundPage, passwordPage, recipientPage, sharedItemPage, signInPage } from './share-page.js';
import { createShareInput, shareListView, shareRecipientsInput, shareView, type ShareView } from './sharing.contract.js';
import {
  createShare,
  openShare,
  recipientEmailOf,
  recordVisit,
  requestShareCode,
  revokeShare,
  setShareRecipients,
  sharedContent,
  sharesOf,
  unlockShare,
  verifyShareCode,
  type ShareWithToken,
  type Visitor,
} from './sharing.service.js';

const TAGS = ['space: sharing'];
const GRANT_COOKIE = 'lectern_share';
/** A share token as links carry it: 32 base64url characters. Anything else is answered as an unknown link. */
const tokenParams = z.object({ token: z.string().max(64) });

const pathOf = (token: string) => `/s/${encodeURIComponent(token)}`;
const VIEW_SCRIPT_PATH = '/s/view.js';
/** The web app's page of a shared course's player (web/src/player: SharedCoursePlayer). */
const SHARED_COURSE_PAGE = '/shared-course';

function shareViewOf(siteUrl: string, share: ShareWithToken): ShareView {
  const url = `${siteUrl}${pathOf(share.token)}`;
  const { link } = share;
  return {
    id: link.id,
    url,
    embedCode: `<iframe src="${url}" width="800" height="600" style="border:0" allowfullscreen></iframe>`,
    audience: link.audience,
    recipients: share.recipients,
    hasPassword: link.passwordHash !== null,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    allowDownload: link.allowDownload,
    embedOrigins: link.embedOrigins,
    createdAt: link.createdAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    opens: share.opens,
    visitors: share.visitors,
  };
}

async function visitorOf(db: Db, request: FastifyRequest): Promise<Visitor> {
  const tenant: Tenant = tenantOf(request);
  const client = clientOf(request);
  return {
    tenant,
    user: await signedInUserIfAny(db, request),
    client: { tenant, ip: client.ip, userAgent: client.userAgent, requestId: request.id },
    grant: grantOf(request.cookies[GRANT_COOKIE]),
  };
}

/** Keeps what the visitor proved to the link, in a cookie only that link's addresses get. */
function setGrantCookie(request: FastifyRequest, reply: FastifyReply, token: string, grant: ShareGrant): void {
  reply.setCookie(GRANT_COOKIE, grantCookieValue(grant), { path: pathOf(token), httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: Math.max(1, Math.floor((grant.until - Date.now()) / 1000)) });
}

/** The headers of every answer to a visitor: never cached, the token in the address never passed on, framed only where the link allows. */
function visitorHeaders(reply: FastifyReply, embedOrigins: readonly string[] = []): void {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-robots-tag', 'noindex');
  if (embedOrigins.length > 0) {
    reply.removeHeader('x-frame-options');
    const policy = String(reply.getHeader('content-security-policy') ?? '');
    reply.header('content-security-policy', policy.replace("frame-ancestors 'self'", `frame-ancestors 'self' ${embedOrigins.join(' ')}`));
  }
}

/** Share links: made, listed and revoked by members; opened by anybody who has one (the page, its files, its password). */
export function sharingRoutes(deps: AreaRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  const members = spaceMembers(db);
  // What a shared course commits while its visitor plays it comes back here, into the link's analytics.
  registerAreaCommitSink(deps, SHARE_LINK_AREA, (tenantId, areaRef, progress) => recordCourseProgress(db, tenantId, areaRef, progress));
  return async (app) => {
    const siteUrl = (request: FastifyRequest) => app.siteUrlOf(tenantOf(request));
    const mailingOf = (request: FastifyRequest) => ({ urlOf: (token: string) => `${siteUrl(request)}${pathOf(token)}`, language: requestLanguage(request) });

    app.post('/api/space/items/:id/shares', { onRequest: members.share, schema: { tags: TAGS, summary: 'Make a share link of a file or folder', params: z.object({ id: z.uuid() }), body: createShareInput, response: { 201: shareView } } }, async (request, reply) => {
      const share = await runUseCase(db, requestContextOf(request), (useCase) => createShare(useCase, request.params.id, request.body, mailingOf(request)));
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(shareViewOf(siteUrl(request), share));
    });

    app.get('/api/space/items/:id/shares', { onRequest: members.read, schema: { tags: TAGS, summary: "A file's or folder's share links, with opens and unique visitors", params: z.object({ id: z.uuid() }), response: { 200: shareListView } } }, async (request) => ({
      shares: (await runUseCase(db, requestContextOf(request), (useCase) => sharesOf(useCase, request.params.id))).map((share) => shareViewOf(siteUrl(request), share)),
    }));

    app.put(
      '/api/space/shares/:id/recipients',
      { onRequest: members.share, schema: { tags: TAGS, summary: "Set who a link for named recipients is for (added ones are told by mail, removed ones lose access at once)", params: z.object({ id: z.uuid() }), body: shareRecipientsInput, response: { 200: shareView } } },
      async (request, reply) => {
        const share = await runUseCase(db, requestContextOf(request), (useCase) => setShareRecipients(useCase, request.params.id, request.body, mailingOf(request)));
        reply.header('cache-control', 'no-store');
        return shareViewOf(siteUrl(request), share);
      },
    );

    app.delete('/api/space/shares/:id', { onRequest: members.write, schema: { tags: TAGS, summary: 'Revoke a share link (at once)', params: z.object({ id: z.uuid() }), response: { 204: z.null() } } }, async (request, reply) => {
      await runUseCase(db, requestContextOf(request), (useCase) => revokeShare(useCase, request.params.id));
      return reply.status(204).send(null);
    });

    // --- Visitors: no session needed; the token in the address is the credential. ---
    const visitorScope: FastifyPluginAsyncZod = async (visitors) => {
      // The password form posts as a browser sends forms without script.
      registerFormBody(visitors, 2048);

      const render = async (request: FastifyRequest, reply: FastifyReply, token: string, wrongPassword = false, fileId?: string) => {
        const language = pickLanguage(request.headers['accept-language']);
        const visitor = await visitorOf(db, request);
        reply.type('text/html; charset=utf-8');
        visitorHeaders(reply);
        try {
          const share = await openShare(db, visitor, token);
          visitorHeaders(reply, share.link.embedOrigins);
          // A file of a shared folder (?item=): only one its list shows.
          // (?item= naming the shared file itself, as the course player's way back does, is the link's own page.)
          const asked = share.item.kind === 'file' && fileId === share.item.id ? undefined : fileId;
          const entry = asked === undefined ? undefined : share.entries.find((candidate) => candidate.id === asked && candidate.kind === 'file');
          if (asked !== undefined && !entry) return reply.status(404).send(notFoundPage(language));
          const shown = entry ?? share.item;
          await recordVisit(db, visitor, share, 'open', shown.id);
          // A file's page reports how long it is viewed and what of a video or audio is played.
          const viewId = shown.kind === 'file' ? await startViewSession(db, visitor, share, shown.id) : undefined;
          const beacon = viewId ? { script: VIEW_SCRIPT_PATH, url: `${pathOf(token)}/views/${viewId}` } : undefined;
          const renditionUrl = !entry && share.rendition ? `${pathOf(token)}/content?rendition=1` : undefined;
          // A course plays in the web app's player page for link visitors, which opens it for this view.
          const playerUrl = viewId && shown.fileKind === 'course' ? `${SHARED_COURSE_PAGE}/${encodeURIComponent(token)}?${new URLSearchParams({ item: shown.id, view: viewId })}` : undefined;
          // An embedded page opens it in a window of its own: the player's page may not be framed elsewhere.
          const embedded = request.headers['sec-fetch-dest'] === 'iframe';
          return reply
            .status(200)
            .send(sharedItemPage(language, { siteName: visitor.tenant.name, item: shown, entries: share.entries, base: pathOf(token), allowDownload: share.link.allowDownload, beacon, renditionUrl, playerUrl, embedded, inFolder: entry ? { name: share.item.name } : undefined }));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'SPACE_SHARE_PASSWORD_REQUIRED') return reply.status(401).send(passwordPage(language, `${pathOf(token)}/unlock`, wrongPassword));
          if (error.code === 'SPACE_SHARE_RECIPIENT_REQUIRED') return reply.status(401).send(recipientPage(language, `${pathOf(token)}/code`));
          if (error.code === 'SPACE_SHARE_SIGN_IN_REQUIRED') return reply.status(401).send(signInPage(language, `/sign-in?next=${encodeURIComponent(pathOf(token))}`));
          if (error.code === 'SPACE_SHARE_NOT_FOUND') return reply.status(404).send(notFoundPage(language));
          throw error;
        }
      };

      visitors.get(
        '/s/:token',
        {
          onRequest: publicRoute('a share link (?item=: a file of a shared folder): the token in the address is the credential, checked by the handler; unknown, revoked and expired links answer alike'),
          // Any text: a mangled address gets the link's own not-found page, not a validation error.
          schema: { hide: true, params: tokenParams, querystring: z.object({ item: z.string().max(100).optional() }) },
        },
        (request, reply) => render(request, reply, request.params.token, false, request.query.item),
      );

      visitors.post(
        '/s/:token/unlock',
        { onRequest: publicRoute("a share link's password, checked through the intrusion guard"), config: { checksGuessableCode: true }, schema: { hide: true, params: tokenParams, body: z.object({ password: z.string().max(200) }) } },
        async (request, reply) => {
          const visitor = await visitorOf(db, request);
          try {
            const link = await unlockShare(db, visitor, request.params.token, request.body.password);
            setGrantCookie(request, reply, request.params.token, widenGrant(visitor.grant, link.id, { password: true }));
            return reply.redirect(pathOf(request.params.token), 303);
          } catch (error) {
            if (error instanceof AppError && error.code === 'SPACE_SHARE_PASSWORD_WRONG') return render(request, reply, request.params.token, true);
            if (error instanceof AppError && error.code === 'SPACE_SHARE_NOT_FOUND') return render(request, reply, request.params.token);
            throw error;
          }
        },
      );

      // A named recipient proves their address: it is asked for, a code is mailed to it, the code is checked.
      const email = z.string().max(254);
      visitors.post(
        '/s/:token/code',
        { onRequest: publicRoute("mails a one-time code to a share link's named recipient; answers alike whether or not the address is one"), config: { sendsMailToNamedAddress: true }, schema: { hide: true, params: tokenParams, body: z.object({ email }) } },
        async (request, reply) => {
          const language = pickLanguage(request.headers['accept-language']);
          const { token } = request.params;
          try {
            await requestShareCode(db, await visitorOf(db, request), token, request.body.email, language);
          } catch (error) {
            if (error instanceof AppError && error.code === 'SPACE_SHARE_NOT_FOUND') return render(request, reply, token);
            throw error;
          }
          reply.type('text/html; charset=utf-8');
          visitorHeaders(reply);
          return reply.status(200).send(codePage(language, { action: `${pathOf(token)}/verify`, back: pathOf(token), email: recipientEmailOf(request.body.email), wrong: false }));
        },
      );

      visitors.post(
        '/s/:token/verify',
        { onRequest: publicRoute("a share link recipient's one-time code, checked through the intrusion guard"), config: { checksGuessableCode: true }, schema: { hide: true, params: tokenParams, body: z.object({ email, code: z.string().max(20) }) } },
        async (request, reply) => {
          const { token } = request.params;
          const visitor = await visitorOf(db, request);
          try {
            const { link, recipient } = await verifyShareCode(db, visitor, token, request.body.email, request.body.code);
            setGrantCookie(request, reply, token, widenGrant(visitor.grant, link.id, { recipientId: recipient.id }));
            return reply.redirect(pathOf(token), 303);
          } catch (error) {
            if (error instanceof AppError && error.code === 'SPACE_SHARE_CODE_WRONG') {
              const language = pickLanguage(request.headers['accept-language']);
              reply.type('text/html; charset=utf-8');
              visitorHeaders(reply);
              return reply.status(401).send(codePage(language, { action: `${pathOf(token)}/verify`, back: pathOf(token), email: recipientEmailOf(request.body.email), wrong: true }));
            }
            if (error instanceof AppError && error.code === 'SPACE_SHARE_NOT_FOUND') return render(request, reply, token);
            throw error;
          }
        },
      );

      visitors.get(VIEW_SCRIPT_PATH, { onRequest: publicRoute("the script of a shared file's page, the same for everybody"), schema: { hide: true } }, (_request, reply) =>
        reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(VIEW_BEACON_SCRIPT),
      );

      visitors.post(
        '/s/:token/views/:viewId',
        {
          onRequest: publicRoute("a shared file's page reports how it is viewed: the link's token is checked by the handler, the view must be one of that link's"),
          // A PDF's pages seen come as one list of numbers each time (up to MAX_PDF_PAGES of them).
          bodyLimit: 48 * 1024,
          schema: { hide: true, params: tokenParams.extend({ viewId: z.uuid() }), body: viewBeaconInput },
        },
        async (request, reply) => {
          visitorHeaders(reply);
          await recordViewBeacon(db, await visitorOf(db, request), request.params.token, request.params.viewId, request.body);
          return reply.status(204).send(null);
        },
      );

      visitors.post(
        '/s/:token/player',
        {
          onRequest: publicRoute("a shared course in Learn's player for the link's visitor: the link's token (and the visitor's proof to it) is checked by the handler"),
          // Each opening issues a credential and may start a view: limited per address like the API.
          config: { rateLimited: true },
          schema: {
            hide: true,
            params: tokenParams,
            querystring: z.object({ item: z.uuid().optional(), view: z.uuid().optional() }),
            response: { 200: launchResponse },
          },
        },
        async (request, reply) => {
          visitorHeaders(reply);
          const launch = await sharedCourseLaunch(deps, await visitorOf(db, request), request.params.token, request.query.item, request.query.view);
          return launchForAreaViewer(deps, request, launch.versionId, launch);
        },
      );

      visitors.get(
        '/s/:token/content',
        {
          onRequest: publicRoute("a shared file's bytes: the link's token is checked by the handler"),
          schema: { hide: true, params: tokenParams, querystring: z.object({ item: z.uuid().optional(), rendition: z.enum(['1']).optional(), download: z.enum(['0', '1']).optional() }) },
        },
        async (request, reply) => {
          const visitor = await visitorOf(db, request);
          visitorHeaders(reply);
          const { share, item, version, chunks } = await sharedContent(db, visitor, request.params.token, request.query.item, { rendition: request.query.rendition === '1' });
          const download = request.query.download === '1';
          if (download && !share.link.allowDownload) throw new AppError('SPACE_SHARE_NO_DOWNLOAD');
          // A file a browser cannot show is only ever a download: without the right to download, there is nothing to send.
          if (!download && !['video', 'audio', 'pdf', 'image'].includes(version.fileKind) && !share.link.allowDownload) throw new AppError('SPACE_SHARE_NO_DOWNLOAD');
          if (!request.headers.range || request.headers.range.startsWith('bytes=0-')) await recordVisit(db, visitor, share, download ? 'download' : 'content', item.id);
          return sendStoredFile(deps, request, reply, { tenantId: visitor.tenant.id, version, chunks, download, frameAncestors: share.link.embedOrigins });
        },
      );
    };
    await app.register(visitorScope);
  };
}
