import { buffer } from 'node:stream/consumers';
import { AppError } from '../../platform/http/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import type { UseCase } from '../../platform/access/index.js';
import { setVersionThumbnail, setVersionThumbnailIfNone, type ChunkRecord, type VersionRecord } from './items.repository.js';
import { contentOf } from './items.service.js';
import { renderThumbnail, THUMBNAIL_MAX_SOURCE_BYTES } from './thumbnails.js';
import { chunkedBytes } from './uploads.service.js';

/**
 * Small pictures made at once on this node. A list page of 100 new images asks for 100 at once; each
 * holds its image (up to 64 MB) in memory while it is decoded, so the others wait their turn.
 */
const RENDERING_AT_ONCE = 2;
let rendering = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (rendering >= RENDERING_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else rendering += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else rendering -= 1;
  }
}

/**
 * The blob of a version's small picture: the one made before, or made now from an image's stored
 * bytes and kept on the version (made outside any transaction: the store may write to the
 * database itself; two first requests at once make the same bytes, stored once). Only images get
 * one; anything else, or an image too large or damaged to read, has none.
 */
export async function thumbnailBlob(deps: Pick<AreaDeps, 'db' | 'storage'>, tenantId: string, version: VersionRecord, chunks: readonly ChunkRecord[]): Promise<string> {
  if (version.thumbnailHash) return version.thumbnailHash;
  const none = () => new AppError('SPACE_NO_THUMBNAIL', [{ field: 'id', value: version.itemId }]);
  if (version.fileKind !== 'image' || version.size > THUMBNAIL_MAX_SOURCE_BYTES || version.size === 0) throw none();
  const picture = await inTurn(async () => renderThumbnail(await buffer(chunkedBytes(deps, tenantId, chunks, 0, version.size - 1))));
  if (!picture) throw none();
  const blob = await deps.storage.put(tenantId, picture);
  await deps.db.withTenant(tenantId, (tx) => setVersionThumbnail(tx, version.id, blob.hash));
  return blob.hash;
}

/**
 * The kinds whose small picture a member's browser makes (a frame of a video, a PDF's first page;
 * the server has no decoder for them), and how it is cropped: a page from its top, where its title is.
 */
const BROWSER_THUMBNAIL_CROP: ReadonlyMap<string, 'centre' | 'top'> = new Map([
  ['video', 'centre'],
  ['pdf', 'top'],
]);

/**
 * A small picture of a video's or PDF's version, made by the browser of a member who may edit the
 * file (a frame it played, the first page it drew) and sent as PNG, JPEG or WebP: the bytes must be
 * a picture, which is made into the same 160-px WebP as an image's. The first one stays; later ones
 * change nothing.
 */
export async function provideThumbnail(
  deps: Pick<AreaDeps, 'db' | 'storage'>,
  run: <T>(work: (useCase: UseCase) => Promise<T>) => Promise<T>,
  tenantId: string,
  itemId: string,
  number: number | undefined,
  bytes: Buffer,
): Promise<void> {
  const { version } = await run((useCase) => contentOf(useCase, itemId, number, 'edit'));
  const crop = BROWSER_THUMBNAIL_CROP.get(version.fileKind);
  if (!crop) throw new AppError('SPACE_THUMBNAIL_NOT_TAKEN', [{ field: 'version', value: String(version.number) }]);
  if (version.thumbnailHash) return;
  const picture = await inTurn(() => renderThumbnail(bytes, crop));
  if (!picture) throw new AppError('SPACE_THUMBNAIL_NOT_AN_IMAGE', [{ field: 'file', value: `${bytes.length} bytes` }]);
  const blob = await deps.storage.put(tenantId, picture);
  await deps.db.withTenant(tenantId, (tx) => setVersionThumbnailIfNone(tx, version.id, blob.hash));
}
