import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.js';
import { requireUser, userOf } from '../../platform/identity/session-guard.js';
import { tenantOf } from '../../platform/tenancy/tenant-resolver.js';
import { ensureDir, packagesRoot, versionDir } from '../courses/package-storage.js';
import type { LearnDeps } from '../learn-deps.js';
import { assertMaySeeVersion, packagePathOf } from './content-access.js';

/**
 * What course content may do: authoring-tool output runs inline scripts and eval, loads its
 * own files and data:/blob: URLs, and is framed by the player page — but reaches no other origin.
 */
export const CONTENT_SECURITY_POLICY = [
  `default-src 'self' data: blob:`,
  `script-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:`,
  `style-src 'self' 'unsafe-inline' data: blob:`,
  `img-src 'self' data: blob:`,
  `media-src 'self' data: blob:`,
  `font-src 'self' data: blob:`,
  `connect-src 'self' data: blob:`,
  `worker-src 'self' blob:`,
  `frame-src 'self' data: blob:`,
  `object-src 'self'`,
  `frame-ancestors 'self'`,
  `base-uri 'self'`,
  `form-action 'self'`,
].join('; ');

const PREFIX = '/content/';

/** False only for a well-formed `bytes=` Range of which no part overlaps the file (a malformed one is ignored: the whole file is sent). */
export function rangeSatisfiable(header: string | undefined, size: number): boolean {
  const match = /^bytes=(.+)$/.exec(header?.trim() ?? '');
  if (!match) return true;
  const specs = match[1]!.split(',').map((spec) => /^\s*(\d*)-(\d*)\s*$/.exec(spec));
  if (specs.some((spec) => !spec || (spec[1] === '' && spec[2] === ''))) return true;
  return specs.some((spec) => (spec![1] === '' ? Number(spec![2]) > 0 && size > 0 : Number(spec![1]) < size));
}

/** Unpacked package files, served same-origin to enrolled users, admins and instructors. */
export function contentRoutes(deps: LearnDeps): FastifyPluginAsyncZod {
  const { db, config } = deps;
  return async (app) => {
    const root = packagesRoot(config.filesDir);
    await ensureDir(root);
    // sendFile brings ETags, Last-Modified, 304s, ranges (206) and MIME types; nothing is served by prefix.
    await app.register(fastifyStatic, { root, serve: false, decorateReply: true });

    app.get(
      '/content/:versionId/*',
      {
        preHandler: requireUser(db),
        schema: {
          tags: ['learn: content'],
          summary: 'A file of an unpacked course package',
          params: z.object({ versionId: z.uuid(), '*': z.string() }),
        },
      },
      async (request, reply) => {
        const { versionId } = request.params;
        // The raw URL, not the decoded wildcard: every segment is judged as the client wrote it.
        const rawPath = (request.raw.url ?? '').split('?')[0]!;
        const afterVersion = rawPath.indexOf('/', PREFIX.length);
        const segments = packagePathOf(afterVersion < 0 ? '' : rawPath.slice(afterVersion + 1));
        const tenantId = tenantOf(request).id;
        await assertMaySeeVersion(db, tenantId, userOf(request), versionId);
        const dir = versionDir(config.filesDir, tenantId, versionId);
        const file = path.join(dir, ...segments);
        const info = await stat(file).catch(() => null);
        if (!info?.isFile()) throw new AppError('LEARN_CONTENT_NOT_FOUND', [{ field: 'path', message: segments.join('/') }]);
        if (!rangeSatisfiable(request.headers.range, info.size)) {
          reply.header('content-range', `bytes */${info.size}`);
          throw new AppError('LEARN_CONTENT_RANGE_NOT_SATISFIABLE', [{ field: 'range', message: String(request.headers.range) }]);
        }
        reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
        // Per user (access is checked), revalidated after a few minutes; a version's files never change.
        reply.header('cache-control', 'private, max-age=300');
        // sendFile takes the decoded path (it encodes it for send, which decodes it once).
        return reply.sendFile(`/${segments.join('/')}`, dir, { cacheControl: false, dotfiles: 'allow' });
      },
    );
  };
}
