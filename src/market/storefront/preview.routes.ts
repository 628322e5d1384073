import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicRoute } from '../../platform/access/index.js';
import { AppError } from '../../platform/http/index.js';
import { tenantOf } from '../../platform/tenancy/index.js';
import { launchForAreaViewer, launchResponse, registerAreaCommitSink } from '../../learn/index.js';
import type { MarketRouteDeps } from '../market-deps.js';
import { storeContextOf } from './storefront-context.js';
import { dropPreviewProgress, PREVIEW_AREA, storePreviewLaunch } from './preview.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The web app's page of a product's free preview (web/src/player: StorePreviewPlayer). */
export const STORE_PREVIEW_PAGE = '/store-preview';

/** The address of the player page of a product's preview course, as its landing page links to it. */
export function storePreviewHref(slug: string, courseId: string): string {
  return `${STORE_PREVIEW_PAGE}/${encodeURIComponent(slug)}/${encodeURIComponent(courseId)}`;
}

/**
 * The free preview on a product's landing page: anybody plays the product's preview course in
 * Learn's player, with a credential that records nothing and ends after PREVIEW_GRANT_MS.
 */
export function storePreviewRoutes(deps: MarketRouteDeps): FastifyPluginAsyncZod {
  const { db } = deps;
  // What a preview's course commits comes back here, and is dropped.
  registerAreaCommitSink(deps, PREVIEW_AREA, (tenantId, areaRef, progress) => dropPreviewProgress(db, tenantId, areaRef, progress));
  return async (app) => {
    app.post(
      '/store/p/:slug/preview/:courseId',
      {
        onRequest: publicRoute("a published product's free preview in Learn's player, for anybody: the handler checks that the product is published and names this course as its preview; nothing is recorded"),
        // Each opening issues a credential: limited per address like the API.
        config: { rateLimited: true },
        // Any text: a mangled address is answered as a preview that is not offered, not as a validation error.
        schema: { hide: true, params: z.object({ slug: z.string().max(200), courseId: z.string().max(64) }), response: { 200: launchResponse } },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        reply.header('x-robots-tag', 'noindex');
        const context = storeContextOf(request);
        if (!context.settings.open) throw new AppError('MARKET_STORE_CLOSED');
        const { slug, courseId } = request.params;
        if (slug.length > 80 || !UUID.test(courseId)) throw new AppError('MARKET_PREVIEW_UNAVAILABLE');
        const launch = await storePreviewLaunch(db, tenantOf(request).id, slug, courseId.toLowerCase());
        // The player says it is a preview: nothing the visitor does is recorded.
        return { ...(await launchForAreaViewer(deps, request, launch.versionId, launch)), preview: true };
      },
    );
  };
}
