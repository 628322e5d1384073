import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, byteRangeOf, isNotModified, rangeSatisfiable } from '../../platform/http/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import type { ChunkRecord, VersionRecord } from './items.repository.js';
import { chunkedBytes } from './uploads.service.js';

/** Kinds a browser shows in the page; anything else is only ever downloaded. */
const INLINE_KINDS = new Set(['video', 'audio', 'pdf', 'image']);

/** `attachment` or `inline` with the file's name, safe for any name people give a file. */
function dispositionOf(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends a version's bytes, with ranges (video and audio seek) and conditional requests. Only kinds a
 * browser shows are inline, with the type their bytes proved and under a sandboxing policy; anything
 * else (and any `download`) is an attachment of no type the browser runs.
 */
export async function sendStoredFile(
  deps: Pick<AreaDeps, 'storage'>,
  request: FastifyRequest,
  reply: FastifyReply,
  file: { tenantId: string; version: VersionRecord; chunks: ChunkRecord[]; download: boolean; frameAncestors?: readonly string[] },
): Promise<FastifyReply> {
  const { version } = file;
  const inline = INLINE_KINDS.has(version.fileKind) && !file.download;
  const validators = { etag: `"${version.id}"`, lastModified: version.createdAt };
  const ancestors = ["'self'", ...(file.frameAncestors ?? [])].join(' ');
  reply.headers({
    'cache-control': 'private, max-age=300',
    etag: validators.etag,
    'last-modified': version.createdAt.toUTCString(),
    'accept-ranges': 'bytes',
    'content-type': inline ? version.mediaType : 'application/octet-stream',
    'content-disposition': dispositionOf(inline ? 'inline' : 'attachment', version.fileName),
    'x-content-type-options': 'nosniff',
    // A PDF is drawn by the browser's viewer, which a sandbox would stop; it runs no script of the file's.
    'content-security-policy': version.fileKind === 'pdf' ? `default-src 'none'; frame-ancestors ${ancestors}` : `default-src 'none'; sandbox; frame-ancestors ${ancestors}`,
    'cross-origin-resource-policy': 'same-origin',
  });
  if (file.frameAncestors?.length) reply.removeHeader('x-frame-options');
  if (isNotModified(request.headers, validators)) return reply.status(304).send();
  if (!rangeSatisfiable(request.headers.range, version.size)) {
    reply.header('content-range', `bytes */${version.size}`);
    throw new AppError('SPACE_RANGE_NOT_SATISFIABLE', [{ field: 'range', value: String(request.headers.range) }]);
  }
  const range = byteRangeOf(request.headers, version.size, validators) ?? { start: 0, end: version.size - 1 };
  if (range.start > 0 || range.end < version.size - 1) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${version.size}`);
  reply.header('content-length', String(range.end - range.start + 1));
  return reply.send(chunkedBytes(deps, file.tenantId, file.chunks, range.start, range.end));
}

/**
 * A picture kept as one blob (a comment's screenshot, a list's small picture): inline, with the
 * type its bytes proved, never sniffed, sandboxed, cached by the browser only.
 */
export async function sendStoredPicture(
  deps: Pick<AreaDeps, 'storage'>,
  tenantId: string,
  reply: FastifyReply,
  picture: { blobHash: string; mediaType: string; fileName?: string; size?: number; maxAgeSeconds: number },
): Promise<FastifyReply> {
  reply.headers({
    'cache-control': `private, max-age=${picture.maxAgeSeconds}`,
    etag: `"${picture.blobHash}"`,
    'content-type': picture.mediaType,
    ...(picture.size !== undefined ? { 'content-length': String(picture.size) } : {}),
    ...(picture.fileName ? { 'content-disposition': dispositionOf('inline', picture.fileName) } : {}),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'self'",
  });
  return reply.send(await deps.storage.get(tenantId, picture.blobHash));
}
