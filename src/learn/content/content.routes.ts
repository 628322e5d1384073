import { Readable } from 'node:stream';
import { mime } from '@fastify/send';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/http/index.js';
import { findContentFile } from '../courses/stored-files.repository.js';
import { grantOf, type GrantGuard } from '../launch/grant-guard.js';
import type { LearnDeps } from '../learn-deps.js';
import { packagePathOf } from './content-access.js';
import { sectionSettingsOf } from '../../platform/tenancy/index.js';
import { contentHeaders, contentSecurityPolicy, policyTag } from './content-headers.js';
import { allowedContentOrigins, contentSettings } from './content.settings.js';
import { byteRangeOf, isNotModified, rangeSatisfiable } from '../../platform/http/index.js';

/** Content files are below /c/<token>/ on the content origin. */
const PREFIX = '/c/';

/** The Content-Type of a package file by its extension, as @fastify/send names it (UTF-8 for text, JavaScript and JSON). */
export function contentTypeOf(path: string): string {
  const type = mime.getType(path) ?? 'application/octet-stream';
  const utf8 = type.startsWith('text/') || type.startsWith('application/javascript') || type.startsWith('application/json');
  return utf8 ? `${type}; charset=utf-8` : type;
}

/**
 * A site's content policy and its tag, built once per site (as the tenant object holds its
 * settings: a change of settings brings a new object) and content host, not once per file:
 * a course loads hundreds of files.
 */
const policies = new WeakMap<object, Map<string, { csp: string; tag: string }>>();
function sitePolicyOf(tenant: { settings: object }, appOrigin: string, contentHost: string): { csp: string; tag: string } {
  let byOrigin = policies.get(tenant);
  if (!byOrigin) policies.set(tenant, (byOrigin = new Map()));
  const key = `${appOrigin} ${contentHost}`;
  let policy = byOrigin.get(key);
  if (!policy) {
    // The host comes from the request: a site has one or two, and a flood of made-up ones finds no room here.
    if (byOrigin.size >= 8) byOrigin.clear();
    const csp = contentSecurityPolicy(appOrigin, allowedContentOrigins(sectionSettingsOf(tenant, contentSettings)), contentHost);
    byOrigin.set(key, (policy = { csp, tag: policyTag(csp) }));
  }
  return policy;
}

/** Whether a package file is served as a page (its policy is the one that counts). */
function isHtml(path: string): boolean {
  return /\.(?:html?|xhtml|htm)$/i.test(path) || contentTypeOf(path).startsWith('text/html');
}

/**
 * Unpacked package files, on the content origin only, to whoever holds a live launch credential
 * of that version (the attempt's, or a preview's). No cookie opens anything here. The files are
 * blobs in the store, found by (version, path); any node serves any version.
 */
export function contentRoutes(deps: LearnDeps, guard: GrantGuard): FastifyPluginAsyncZod {
  const { db, storage } = deps;
  return async (app) => {
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
        const packagePath = packagePathOf(afterToken < 0 ? '' : rawPath.slice(afterToken + 1)).join('/');
        const file = await db.withTenant(grant.tenant.id, (tx) => findContentFile(tx, grant.versionId, packagePath));
        if (!file) throw new AppError('LEARN_CONTENT_NOT_FOUND', [{ field: 'path', value: packagePath }]);
        if (!rangeSatisfiable(request.headers.range, file.size)) {
          reply.header('content-range', `bytes */${file.size}`);
          throw new AppError('LEARN_CONTENT_RANGE_NOT_SATISFIABLE', [{ field: 'range', value: String(request.headers.range) }]);
        }
        const { csp, tag } = sitePolicyOf(grant.tenant, grant.appOrigin, request.hostname);
        // The policy of a page is the site's choice and may change: HTML is revalidated every time, and its ETag names the policy.
        const html = isHtml(packagePath);
        const validators = { etag: html ? `"${file.blobHash}-${tag}"` : `"${file.blobHash}"`, lastModified: file.createdAt };
        reply.headers(contentHeaders(grant.appOrigin, csp));
        reply.headers({
          // Private to the credential's holder, revalidated after a few minutes; a version's files never change.
          'cache-control': html ? 'private, no-cache' : 'private, max-age=300',
          etag: validators.etag,
          // A page's date says nothing of its policy: pages are revalidated by their ETag only.
          ...(html ? {} : { 'last-modified': validators.lastModified.toUTCString() }),
          'accept-ranges': 'bytes',
        });
        const conditions = html ? { 'if-none-match': request.headers['if-none-match'] } : request.headers;
        if (isNotModified(conditions, validators)) return reply.status(304).send();
        const range = byteRangeOf(request.headers, file.size, validators);
        reply.type(contentTypeOf(packagePath));
        if (range) {
          reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
        }
        reply.header('content-length', String(range ? range.end - range.start + 1 : file.size));
        // HEAD: the headers only; the blob is not read.
        if (request.method === 'HEAD' || file.size === 0) return reply.send(Readable.from([]));
        return reply.send(await storage.get(grant.tenant.id, file.blobHash, range));
      },
    );
  };
}
