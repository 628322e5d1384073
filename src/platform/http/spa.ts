import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { contentSecurityPolicy } from './security-headers.js';
import { wantsHtml } from './request-context.js';
import { declareScopePublic } from '../access/route-access.js';

const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * Serves the built single-page app: hashed assets with long caching, and index.html for
 * every other page address of a known tenant, with a fresh style nonce in its CSP, which lets
 * it frame only the site's content origin (`contentOriginOf`), where the player runs course content.
 */
export async function registerSpa(app: FastifyInstance, webDir: string, contentOriginOf: (request: FastifyRequest) => string): Promise<void> {
  const indexFile = path.join(webDir, 'index.html');
  const built = existsSync(indexFile);
  const indexParts = built ? readFileSync(indexFile, 'utf8').split(NONCE_PLACEHOLDER) : [];

  // The web app's page and files are the same for everybody: what it shows comes from the API, which asks the policies.
  await app.register(async (spa) => {
    declareScopePublic(spa, 'the web app itself (its page and files); its data comes from the guarded API');
    if (built) {
      await spa.register(fastifyStatic, {
        root: webDir,
        prefix: '/',
        wildcard: false,
        index: false,
        decorateReply: false,
        setHeaders(res, filePath) {
          const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
          res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
        },
      });
    }

    spa.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (!wantsHtml(request)) throw new AppError('HTTP_NOT_FOUND');
      if (!built) throw new AppError('SERVICE_UNAVAILABLE');
      const nonce = randomBytes(16).toString('base64');
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', contentSecurityPolicy({ styleNonce: nonce, frameOrigin: contentOriginOf(request) }))
        .send(indexParts.join(nonce));
    });
  });
}
