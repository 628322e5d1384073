import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/http/index.js';
import { grantOf, type GrantGuard } from '../launch/grant-guard.js';
import { LAUNCH_GRANT_KINDS } from '../launch/launch-grants.schema.js';
import { contentHeaders, launchFrameSecurityPolicy } from './content-headers.js';
import { declareScopePublic } from '../../platform/access/index.js';
import { sectionSettingsOf } from '../../platform/tenancy/index.js';
import { allowedContentOrigins, contentSettings } from './content.settings.js';

export const launchInfo = z.object({
  /** `attempt`: commits go to the attempt; `preview`: nothing is recorded; `area`: commits go to another area (a Space share link's view), never to Learn's records. */
  kind: z.enum(LAUNCH_GRANT_KINDS),
  /** The app page that frames the launch frame: the only origin it talks to. */
  appOrigin: z.string(),
  /** Other origins the site allows its course content to reach: what the page policy lets through (to tell the learner what it blocks). */
  allowedOrigins: z.array(z.string()),
});

const tokenParams = z.object({ token: z.string().max(100) });

/**
 * The launch frame on the content origin: the page that holds the SCORM API for the SCO framed
 * inside it and talks to the app only through its launch credential (commits) and to the app
 * page only by messages. Its script is built by the web build into `launchDir`.
 */
export function launchFrameRoutes(guard: GrantGuard, launchDir: string): FastifyPluginAsyncZod {
  return async (app) => {
    const page = path.join(launchDir, 'launch.html');
    const html = existsSync(page) ? readFileSync(page, 'utf8') : undefined;
    if (html !== undefined) {
      // The frame's script and styles are the same for every launch; the frame page itself needs a credential.
      await app.register(async (assets) => {
        declareScopePublic(assets, "the launch frame's script and styles, the same for every launch");
        await assets.register(fastifyStatic, {
          root: path.join(launchDir, 'assets'),
          prefix: '/_launch/assets/',
          index: false,
          decorateReply: false,
          setHeaders(res) {
            res.header('cache-control', 'public, max-age=31536000, immutable');
            res.header('x-content-type-options', 'nosniff');
          },
        });
      });
    }

    app.get(
      '/launch/:token',
      {
        onRequest: guard.require('files'),
        schema: { tags: ['content origin'], summary: 'The launch frame of an attempt or preview (HTML)', params: tokenParams },
      },
      async (request, reply) => {
        if (html === undefined) throw new AppError('SERVICE_UNAVAILABLE');
        const { appOrigin } = grantOf(request);
        return reply
          .type('text/html; charset=utf-8')
          .headers(contentHeaders(appOrigin, launchFrameSecurityPolicy(appOrigin)))
          .header('cache-control', 'no-store')
          .send(html);
      },
    );

    app.get(
      '/launch/:token/info',
      {
        onRequest: guard.require('files'),
        schema: { tags: ['content origin'], summary: 'What the launch frame needs to know of its credential', params: tokenParams, response: { 200: launchInfo } },
      },
      async (request, reply) => {
        const grant = grantOf(request);
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        return { kind: grant.kind, appOrigin: grant.appOrigin, allowedOrigins: [...allowedContentOrigins(sectionSettingsOf(grant.tenant, contentSettings))] };
      },
    );
  };
}
