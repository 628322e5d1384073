import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { allow } from '../access/policy-guard.js';
import { publicRoute } from '../access/route-access.js';
import type { Db } from '../db/client.js';
import { readingBody } from '../http/binary-body.js';
import { clientOf } from '../identity/session-cookie.js';
import { userOf } from '../identity/session-guard.js';
import type { BlobStore } from '../storage/blob-store.js';
import { settingsPolicy } from '../tenancy/settings.policy.js';
import { tenantOf, type TenantResolver } from '../tenancy/tenant-resolver.js';
import { logoRef, publicBranding } from './branding.contract.js';
import { publicBrandingOf, readLogo, removeLogo, replaceLogo } from './branding.service.js';

/** The site's branding for every page (signed in or not), and its logo, set by administrators. */
export function brandingRoutes(db: Db, resolver: TenantResolver, storage: BlobStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/branding',
      {
        onRequest: publicRoute("every page, the sign-in page too, shows the site's name, logo and colour"),
        schema: { tags: ['settings'], summary: "The site's name, colour and logo as pages show them", response: { 200: publicBranding } },
      },
      async (request) => publicBrandingOf(tenantOf(request)),
    );

    app.get(
      '/api/branding/logo',
      {
        onRequest: publicRoute('the logo is in the header of every page, the sign-in page too'),
        schema: { tags: ['settings'], summary: "The site's logo (PNG, JPEG or WebP); 404 BRANDING_LOGO_NOT_FOUND without one" },
      },
      async (request, reply) => {
        const { logo, bytes } = await readLogo(storage, tenantOf(request));
        const etag = `"${logo.hash}"`;
        reply.header('etag', etag).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff');
        if (request.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.type(logo.mediaType).send(bytes);
      },
    );

    // The logo's body reaches the handler as a stream, whatever type it claims: its bytes decide.
    await app.register(async (upload) => {
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

      upload.put(
        '/api/admin/branding/logo',
        {
          onRequest: allow(db, settingsPolicy, 'manage'),
          schema: { tags: ['settings'], summary: 'Set the logo (body: a PNG, JPEG or WebP image, at most 512 KiB, 16 to 4096 pixels a side)', response: { 200: logoRef } },
        },
        async (request, reply) =>
          readingBody(request, reply, async () => {
            const actor = { user: userOf(request), client: clientOf(request) };
            const logo = await replaceLogo(db, storage, tenantOf(request).id, actor, request.body as Readable | undefined, request.headers['content-length']);
            resolver.forget();
            return logo;
          }),
      );
    });

    app.delete(
      '/api/admin/branding/logo',
      {
        onRequest: allow(db, settingsPolicy, 'manage'),
        schema: { tags: ['settings'], summary: 'Remove the logo', response: { 204: z.null() } },
      },
      async (request, reply) => {
        await removeLogo(db, tenantOf(request).id, { user: userOf(request), client: clientOf(request) });
        resolver.forget();
        return reply.status(204).send(null);
      },
    );
  };
}
