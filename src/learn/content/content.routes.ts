import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import { ensureDir, packagesRoot, versionDir } from '../courses/package-storage.js';
import { grantOf, type GrantGuard } from '../launch/grant-guard.js';
import type { LearnDeps } from '../learn-deps.js';
import { packagePathOf } from './content-access.js';
import { contentHeaders } from './content-headers.js';

/** Content files are below /c/<token>/ on the content origin. */
const PREFIX = '/c/';

/** False only for a well-formed `bytes=` Range of which no part overlaps the file (a malformed one is ignored: the whole file is sent). */
export function rangeSatisfiable(header: string | undefined, size: number): boolean {
  const match = /^bytes=(.+)$/.exec(header?.trim() ?? '');
  if (!match) return true;
  const specs = match[1]!.split(',').map((spec) => /^\s*(\d*)-(\d*)\s*$/.exec(spec));
  if (specs.some((spec) => !spec || (spec[1] === '' && spec[2] === ''))) return true;
  return specs.some((spec) => (spec![1] === '' ? Number(spec![2]) > 0 && size > 0 : Number(spec![1]) < size));
}

/**
 * Unpacked package files, on the content origin only, to whoever holds a live launch credential
 * of that version (the attempt's, or a preview's). No cookie opens anything here.
 */
export function contentRoutes(deps: LearnDeps, guard: GrantGuard): FastifyPluginAsyncZod {
  const { config } = deps;
  return async (app) => {
    const root = packagesRoot(config.filesDir);
    await ensureDir(root);
    // sendFile brings ETags, Last-Modified, 304s, ranges (206) and MIME types; nothing is served by prefix.
    await app.register(fastifyStatic, { root, serve: false, decorateReply: true });

    app.get(
      '/c/:token/*',
      {
        onRequest: guard.require('files'),
        schema: {
          tags: ['content origin'],
          summary: 'A file of the unpacked course package the launch credential opens',
          params: z.object({ token: z.string().max(100), '*': z.string() }),
        },
      },
      async (request, reply) => {
        const grant = grantOf(request);
        // The raw URL, not the decoded wildcard: every segment is judged as the client wrote it.
        const rawPath = (request.raw.url ?? '').split('?')[0]!;
        const afterToken = rawPath.indexOf('/', PREFIX.length);
        const segments = packagePathOf(afterToken < 0 ? '' : rawPath.slice(afterToken + 1));
        const dir = versionDir(config.filesDir, grant.tenant.id, grant.versionId);
        const file = path.join(dir, ...segments);
        const info = await stat(file).catch(() => null);
        if (!info?.isFile()) throw new AppError('LEARN_CONTENT_NOT_FOUND', [{ field: 'path', message: segments.join('/') }]);
        if (!rangeSatisfiable(request.headers.range, info.size)) {
          reply.header('content-range', `bytes */${info.size}`);
          throw new AppError('LEARN_CONTENT_RANGE_NOT_SATISFIABLE', [{ field: 'range', message: String(request.headers.range) }]);
        }
        reply.headers(contentHeaders(grant.appOrigin));
        // Private to the credential's holder, revalidated after a few minutes; a version's files never change.
        reply.header('cache-control', 'private, max-age=300');
        // sendFile takes the decoded path (it encodes it for send, which decodes it once).
        return reply.sendFile(`/${segments.join('/')}`, dir, { cacheControl: false, dotfiles: 'allow' });
      },
    );
  };
}
