import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UseCase } from '../../platform/access/index.js';
import { AppError, chunkBytesOf, declaredLength, parseContentRange } from '../../platform/http/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import { checkCoursePackage } from '../../learn/index.js';
import { assertExtensionMatches, sniffHead, sniffZipFile, type SniffedFile } from './file-kind.js';
import { itemFor, libraryAccessOf } from './item-access.js';
import { findItem, insertItem, insertVersion, type ChunkRecord } from './items.repository.js';
import { assertQuota, type ItemWithRole } from './items.service.js';
import { createSpaceUploadInput, SPACE_UPLOAD_MAX_CHUNK_BYTES, type CreateSpaceUploadInput } from './library.contract.js';
import { addSpaceUploadChunk, deleteExpiredSpaceUploads, deleteSpaceUpload, findSpaceUpload, insertSpaceUpload, setSpaceUploadStatus, spaceUploadChunksFrom, spaceUploadChunksOf, type SpaceUploadRow } from './uploads.repository.js';
import { contiguousEnd, uncoveredPart, type ByteSpan } from './upload-spans.js';
import { roleOn } from './item-access.js';
import { assertSpaceCan } from '../space.policy.js';

/** How long a resumable upload may take from its start (it is removed after, done or not). */
export const SPACE_UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;
/**
 * How far ahead of the bytes received without a gap a chunk may start: room for a few chunks in
 * flight at once, and a bound on how much an upload holds that is not yet joined up.
 */
export const SPACE_UPLOAD_AHEAD_BYTES = 4 * SPACE_UPLOAD_MAX_CHUNK_BYTES;
/** The largest single file of the library. */
export const SPACE_FILE_MAX_BYTES = 20 * 1024 * 1024 * 1024;
/** How much of a file's start tells its type. */
const SNIFF_BYTES = 64 * 1024;

const notFound = (id: string) => new AppError('SPACE_UPLOAD_NOT_FOUND', [{ field: 'id', value: id }]);

/**
 * Starts an upload of a new file into a folder, or of a new version of a file. Refused before any
 * byte is stored when the member may not put it there or the library has no room for it (the
 * announced size is reserved against the quota until the upload ends).
 */
export async function createSpaceUpload(useCase: UseCase, unchecked: CreateSpaceUploadInput): Promise<SpaceUploadRow> {
  const input = createSpaceUploadInput.parse(unchecked);
  await deleteExpiredSpaceUploads(useCase.tx, new Date());
  const access = await libraryAccessOf(useCase);
  if (input.itemId) {
    const { item } = await itemFor(useCase, access, input.itemId, 'edit');
    if (item.kind !== 'file') throw new AppError('SPACE_NOT_A_FILE', [{ field: 'itemId', value: input.itemId }]);
    if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'itemId', value: input.itemId }]);
  } else if (input.folderId) {
    const { item } = await itemFor(useCase, access, input.folderId, 'edit');
    if (item.kind === 'file') throw new AppError('SPACE_NOT_A_FOLDER', [{ field: 'folderId', value: input.folderId }]);
    if (item.trashedAt) throw new AppError('SPACE_ITEM_IN_TRASH', [{ field: 'folderId', value: input.folderId }]);
  } else {
    assertSpaceCan(roleOn(access, null), 'edit');
  }
  if (input.totalBytes > SPACE_FILE_MAX_BYTES) throw new AppError('SPACE_FILE_TOO_LARGE', [{ field: 'totalBytes', value: String(input.totalBytes) }]);
  await assertQuota(useCase, input.totalBytes, 'totalBytes');
  return insertSpaceUpload(useCase.tx, { userId: useCase.user.id, folderId: input.folderId, itemId: input.itemId, fileName: input.fileName, totalBytes: input.totalBytes, expiresAt: new Date(Date.now() + SPACE_UPLOAD_LIFETIME_MS) });
}

/** An upload of the member's own that has not expired. */
async function ownUpload(deps: AreaDeps, tenantId: string, userId: string, id: string): Promise<SpaceUploadRow> {
  const upload = await deps.db.withTenant(tenantId, (tx) => findSpaceUpload(tx, id));
  if (!upload || upload.userId !== userId || upload.expiresAt.getTime() <= Date.now()) throw notFound(id);
  return upload;
}

export function getSpaceUpload(deps: AreaDeps, tenantId: string, userId: string, id: string): Promise<SpaceUploadRow> {
  return ownUpload(deps, tenantId, userId, id);
}

export async function cancelSpaceUpload(deps: AreaDeps, tenantId: string, userId: string, id: string): Promise<void> {
  await ownUpload(deps, tenantId, userId, id);
  await deps.db.withTenant(tenantId, (tx) => deleteSpaceUpload(tx, id));
}

/**
 * Receives one chunk (`Content-Range: bytes first-last/total`), streamed into the store, never
 * held whole in memory and outside any transaction. A chunk may repeat bytes already received, and
 * it may start ahead of them (up to `SPACE_UPLOAD_AHEAD_BYTES`), so a client can send the next chunk
 * while the last one is still being stored; `receivedBytes` counts the bytes from the start with no
 * gap, and is where a client resumes. Bytes that arrived before a broken connection are kept. Any
 * node may take any chunk.
 */
export async function receiveSpaceChunk(
  deps: AreaDeps,
  tenantId: string,
  userId: string,
  id: string,
  headers: { contentRange: string | undefined; contentLength: string | undefined },
  body: Readable,
): Promise<SpaceUploadRow> {
  const upload = await ownUpload(deps, tenantId, userId, id);
  if (upload.status !== 'receiving') throw new AppError('SPACE_UPLOAD_CLOSED', [{ field: 'status', value: upload.status }]);
  const invalid = (message: string) => new AppError('SPACE_UPLOAD_RANGE_INVALID', [{ field: 'content-range', value: message }]);
  const range = parseContentRange(headers.contentRange);
  if (!range) throw invalid(headers.contentRange ?? 'missing');
  if (range.total !== upload.totalBytes) throw invalid(`the upload has ${upload.totalBytes} bytes, not ${range.total}`);
  const length = range.last - range.first + 1;
  if (length > SPACE_UPLOAD_MAX_CHUNK_BYTES) throw invalid(`a chunk has at most ${SPACE_UPLOAD_MAX_CHUNK_BYTES} bytes`);
  const declared = declaredLength(headers.contentLength);
  if (declared !== undefined && declared !== length) throw invalid(`the range has ${length} bytes, the body ${declared}`);
  if (range.first > upload.receivedBytes + SPACE_UPLOAD_AHEAD_BYTES) throw new AppError('SPACE_UPLOAD_GAP', [{ field: 'receivedBytes', value: String(upload.receivedBytes) }]);
  const firstNew = Math.max(range.first, upload.receivedBytes);
  const chunk = chunkBytesOf(body, { skip: firstNew - range.first, maxBytes: length, tooLarge: () => invalid(`the body is longer than the range's ${length} bytes`) });
  let recorded = upload;
  if (firstNew <= range.last) {
    const newBytes = range.last + 1 - firstNew;
    const blob = await deps.storage.put(tenantId, chunk.bytes, { maxBytes: newBytes, expectedBytes: newBytes, handOver: chunk.handOver }).catch((error: unknown) => {
      throw chunk.refusal() ?? error;
    });
    if (blob.size > 0) recorded = await recordChunk(deps, tenantId, id, { firstByte: firstNew, size: blob.size, blobHash: blob.hash });
  } else {
    for await (const ignored of chunk.bytes) void ignored;
  }
  const outcome = chunk.outcome();
  if (outcome.ok && outcome.bytes === length) return recorded;
  if (!outcome.ok) throw new AppError('SPACE_UPLOAD_INCOMPLETE', [{ field: 'body', value: String(outcome.bytes) }]);
  throw invalid(`the range has ${length} bytes, the body ${outcome.bytes}`);
}

/**
 * Records a stored chunk under the upload's row lock. Of a chunk that overlaps what arrived before
 * (a retry, or another node that got in first) only its first part nobody has yet is kept, stored
 * anew; the chunks of an upload never overlap.
 */
async function recordChunk(deps: AreaDeps, tenantId: string, id: string, chunk: ChunkRecord): Promise<SpaceUploadRow> {
  for (;;) {
    const step = await deps.db.withTenant(tenantId, async (tx): Promise<{ upload: SpaceUploadRow } | { keep: ByteSpan }> => {
      const upload = await findSpaceUpload(tx, id, { lock: true });
      if (!upload) throw notFound(id);
      if (upload.status !== 'receiving') throw new AppError('SPACE_UPLOAD_CLOSED', [{ field: 'status', value: upload.status }]);
      const ahead = await spaceUploadChunksFrom(tx, id, upload.receivedBytes);
      const keep = uncoveredPart({ first: chunk.firstByte, end: chunk.firstByte + chunk.size }, upload.receivedBytes, ahead);
      if (!keep) return { upload };
      if (keep.first !== chunk.firstByte || keep.end !== chunk.firstByte + chunk.size) return { keep };
      return { upload: await addSpaceUploadChunk(tx, id, chunk, contiguousEnd(upload.receivedBytes, [...ahead, chunk])) };
    });
    if ('upload' in step) return step.upload;
    const part = await deps.storage.get(tenantId, chunk.blobHash, { start: step.keep.first - chunk.firstByte, end: step.keep.end - chunk.firstByte - 1 });
    const stored = await deps.storage.put(tenantId, part);
    chunk = { firstByte: step.keep.first, size: stored.size, blobHash: stored.hash };
  }
}

/** Writes `size` stored bytes to a new file of this node (in a staging folder): what a zip check, a publication or a course preview reads. */
export function writeStoredBytes(deps: Pick<AreaDeps, 'storage'>, tenantId: string, chunks: readonly ChunkRecord[], size: number, filePath: string): Promise<void> {
  return pipeline(chunkedBytes(deps, tenantId, chunks, 0, size - 1), createWriteStream(filePath, { flags: 'wx' }));
}

/** The bytes of a run of stored chunks, from `start` to `end` inclusive, one chunk after the other. */
export function chunkedBytes(deps: Pick<AreaDeps, 'storage'>, tenantId: string, chunks: readonly ChunkRecord[], start: number, end: number): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    for (const chunk of chunks) {
      const last = chunk.firstByte + chunk.size - 1;
      if (last < start || chunk.firstByte > end) continue;
      const from = Math.max(start, chunk.firstByte) - chunk.firstByte;
      const to = Math.min(end, last) - chunk.firstByte;
      for await (const piece of await deps.storage.get(tenantId, chunk.blobHash, { start: from, end: to })) yield piece as Buffer;
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

/** What the file is: by its first bytes, and for a zip by reading it whole the way Learn's import would. */
async function sniffUpload(deps: AreaDeps, tenantId: string, fileName: string, chunks: readonly ChunkRecord[], totalBytes: number): Promise<SniffedFile> {
  const head: Buffer[] = [];
  for await (const piece of chunkedBytes(deps, tenantId, chunks, 0, Math.min(SNIFF_BYTES, totalBytes) - 1)) head.push(piece as Buffer);
  let sniffed = await sniffHead(Buffer.concat(head));
  if (sniffed.zip) {
    sniffed = await withStagingFolder(deps.config, async (folder) => {
      const zipPath = path.join(folder, 'upload.zip');
      await writeStoredBytes(deps, tenantId, chunks, totalBytes, zipPath);
      const whole = await sniffZipFile(zipPath);
      if (!whole.zip) return whole;
      // Everything Learn's import refuses in a zip (zip slip, bombs, XXE, a broken manifest) is refused here too.
      const course = await checkCoursePackage(deps.config, zipPath);
      return course ? { fileKind: 'course', mediaType: 'application/zip', zip: true } : whole;
    });
  }
  assertExtensionMatches(fileName, sniffed.fileKind);
  return sniffed;
}

/**
 * Turns a fully received upload into a file (or a new version of one). The upload moves to
 * `completing` under its lock first (no chunk can join, no second completion starts); the file is
 * then checked outside any transaction; the version is written with the upload's chunks (the same
 * stored blobs, no byte copied) in the transaction that marks the upload done. A refused file
 * marks the upload failed and drops its chunks; a crash in between leaves it `completing` until
 * it expires (its blobs are then collected by the store).
 */
export async function completeSpaceUpload(deps: AreaDeps, useCaseOf: <T>(work: (useCase: UseCase) => Promise<T>) => Promise<T>, tenantId: string, userId: string, id: string): Promise<ItemWithRole> {
  const upload = await ownUpload(deps, tenantId, userId, id);
  const chunks = await deps.db.withTenant(tenantId, async (tx) => {
    const locked = await findSpaceUpload(tx, id, { lock: true });
    if (!locked || locked.status !== 'receiving') throw new AppError('SPACE_UPLOAD_CLOSED', [{ field: 'status', value: locked?.status ?? 'gone' }]);
    if (locked.receivedBytes !== locked.totalBytes) throw new AppError('SPACE_UPLOAD_INCOMPLETE', [{ field: 'receivedBytes', value: String(locked.receivedBytes) }]);
    await setSpaceUploadStatus(tx, id, 'completing');
    return spaceUploadChunksOf(tx, id);
  });
  try {
    const sniffed = await sniffUpload(deps, tenantId, upload.fileName, chunks, upload.totalBytes);
    return await useCaseOf(async (useCase) => {
      const access = await libraryAccessOf(useCase);
      let itemId = upload.itemId;
      if (itemId) {
        await itemFor(useCase, access, itemId, 'edit', { lock: true });
      } else {
        const folder = upload.folderId ? (await itemFor(useCase, access, upload.folderId, 'edit')).item : null;
        if (!folder) assertSpaceCan(roleOn(access, null), 'edit');
        itemId = await insertItem(useCase.tx, {
          parentId: folder?.id ?? null,
          ancestorIds: folder ? [...folder.ancestorIds, folder.id] : [],
          kind: 'file',
          name: upload.fileName,
          ownerId: useCase.user.id,
          fileKind: sniffed.fileKind,
          mediaType: sniffed.mediaType,
        });
      }
      await insertVersion(useCase.tx, itemId, { fileName: upload.fileName, fileKind: sniffed.fileKind, mediaType: sniffed.mediaType, size: upload.totalBytes, uploadedBy: useCase.user.id }, chunks);
      await setSpaceUploadStatus(useCase.tx, id, 'done');
      const item = (await findItem(useCase.tx, itemId))!;
      return { item, role: roleOn(access, item)! };
    });
  } catch (error) {
    await deps.db.withTenant(tenantId, (tx) => setSpaceUploadStatus(tx, id, 'failed'));
    throw error;
  }
}
