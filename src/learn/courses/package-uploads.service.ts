import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../platform/http/index.js';
import type { User } from '../../platform/identity/index.js';
import type { LearnDeps } from '../learn-deps.js';
import { createUploadInput, UPLOAD_MAX_CHUNK_BYTES, type CreateUploadInput } from './courses.contract.js';
import { deleteUpload, findCourse, findUpload, insertUpload, listExpiredUploads, moveUploadStatus, type UploadRow } from './courses.repository.js';
import type { Actor } from '../../platform/audit/index.js';
import { importPackage, type ImportedPackage } from './import-package.js';
import { chunkBytesOf, parseContentRange, writeBodyToFile } from '../../platform/http/index.js';
import { declaredLength } from '../../platform/http/index.js';
import { withStagingFolder } from '../../platform/storage/index.js';
import { appendUploadChunk, deleteUploadChunks, listUploadChunks, lockUpload } from './stored-files.repository.js';
import { userActor } from '../../platform/access/index.js';
import { coursesPolicy } from './courses.policy.js';

/** How long a resumable upload may take from its creation. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;

function tooLarge(deps: LearnDeps, field: string): AppError {
  return new AppError('LEARN_PACKAGE_TOO_LARGE', [{ field, message: { en: `The package may be at most ${deps.config.packageMaxBytes} bytes.`, de: `Das Paket darf höchstens ${deps.config.packageMaxBytes} Bytes groß sein.` } }]);
}

function notFound(uploadId: string): AppError {
  return new AppError('LEARN_UPLOAD_NOT_FOUND', [{ field: 'id', value: uploadId }]);
}

function closed(status: string): AppError {
  return new AppError('LEARN_UPLOAD_CLOSED', [{ field: 'status', value: status }]);
}

/**
 * Receives a package in one request body: streamed to a file in this node's staging area
 * (never held in memory), imported, and the file removed whatever happens.
 */
export async function importPackageBody(
  deps: LearnDeps,
  tenantId: string,
  actor: Actor,
  body: Readable,
  target: { courseId: string | null; fileName: string; contentLength: string | undefined },
): Promise<ImportedPackage> {
  coursesPolicy.assert(userActor(actor.user), 'publish');
  const declared = declaredLength(target.contentLength);
  if (declared !== undefined && declared > deps.config.packageMaxBytes) throw tooLarge(deps, 'body');
  if (declared === 0) throw new AppError('LEARN_PACKAGE_EMPTY', [{ field: 'body', value: '0' }]);
  if (target.courseId) {
    const courseId = target.courseId;
    const course = await deps.db.withTenant(tenantId, (tx) => findCourse(tx, courseId));
    if (!course) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'id', value: courseId }]);
  }
  return withStagingFolder(deps.config, async (folder) => {
    const zipPath = path.join(folder, 'package.zip');
    const outcome = await writeBodyToFile(body, zipPath, { start: 0, maxBytes: deps.config.packageMaxBytes, flags: 'wx', tooLarge: () => tooLarge(deps, 'body') });
    if (!outcome.ok || (declared !== undefined && outcome.bytes !== declared)) {
      throw new AppError('LEARN_PACKAGE_INCOMPLETE', [{ field: 'body', value: String(outcome.bytes) }]);
    }
    if (outcome.bytes === 0) throw new AppError('LEARN_PACKAGE_EMPTY', [{ field: 'body', value: '0' }]);
    return importPackage(deps, tenantId, actor, zipPath, target);
  });
}

/**
 * Removes expired uploads of the tenant (whenever an upload starts, and hourly). Their chunk
 * rows go with them; the chunks' blobs, referenced by nothing then, are collected by the store.
 */
export async function sweepExpiredUploads(deps: Pick<LearnDeps, 'db'>, tenantId: string, now = new Date()): Promise<number> {
  const expired = await deps.db.withTenant(tenantId, (tx) => listExpiredUploads(tx, now));
  for (const { id } of expired) await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, id));
  return expired.length;
}

export async function createUpload(deps: LearnDeps, tenantId: string, actor: Actor, input: CreateUploadInput): Promise<UploadRow> {
  coursesPolicy.assert(userActor(actor.user), 'publish');
  const parsed = createUploadInput.parse(input);
  if (parsed.totalBytes > deps.config.packageMaxBytes) throw tooLarge(deps, 'totalBytes');
  await sweepExpiredUploads(deps, tenantId);
  return deps.db.withTenant(tenantId, async (tx) => {
    if (parsed.courseId && !(await findCourse(tx, parsed.courseId))) {
      throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', value: parsed.courseId }]);
    }
    return insertUpload(tx, { ...parsed, userId: actor.user.id, expiresAt: new Date(Date.now() + UPLOAD_LIFETIME_MS) });
  });
}

/** An upload of the user's own that has not expired (an expired one is removed on the spot). */
async function ownUpload(deps: LearnDeps, tenantId: string, user: User, uploadId: string): Promise<UploadRow> {
  const upload = await deps.db.withTenant(tenantId, (tx) => findUpload(tx, uploadId));
  if (!upload || upload.userId !== user.id) throw notFound(uploadId);
  if (upload.expiresAt.getTime() <= Date.now()) {
    await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, uploadId));
    throw notFound(uploadId);
  }
  return upload;
}

export async function getUpload(deps: LearnDeps, tenantId: string, user: User, uploadId: string): Promise<UploadRow> {
  coursesPolicy.assert(userActor(user), 'publish');
  return ownUpload(deps, tenantId, user, uploadId);
}

/**
 * Receives one chunk (`Content-Range: bytes first-last/total`). A chunk may repeat or overlap
 * bytes already received, but may not start beyond them; only its new bytes are stored, as one
 * blob, so an upload's blobs are consecutive. If the connection breaks, the bytes that arrived
 * are stored and count, so the client resumes from `receivedBytes`. Any node may take any
 * chunk: the bytes are in the store and the rows in the database.
 */
export async function receiveChunk(
  deps: LearnDeps,
  tenantId: string,
  user: User,
  uploadId: string,
  headers: { contentRange: string | undefined; contentLength: string | undefined },
  body: Readable,
): Promise<UploadRow> {
  coursesPolicy.assert(userActor(user), 'publish');
  const upload = await ownUpload(deps, tenantId, user, uploadId);
  if (upload.status !== 'receiving') throw closed(upload.status);
  const range = parseContentRange(headers.contentRange);
  const rangeInvalid = (message: string) => new AppError('LEARN_UPLOAD_RANGE_INVALID', [{ field: 'content-range', value: message }]);
  if (!range) throw rangeInvalid(headers.contentRange ?? 'missing');
  if (range.total !== upload.totalBytes) throw rangeInvalid(`the upload has ${upload.totalBytes} bytes, not ${range.total}`);
  const length = range.last - range.first + 1;
  if (length > UPLOAD_MAX_CHUNK_BYTES) throw rangeInvalid(`a chunk has at most ${UPLOAD_MAX_CHUNK_BYTES} bytes`);
  const declared = declaredLength(headers.contentLength);
  if (declared !== undefined && declared !== length) throw rangeInvalid(`the range has ${length} bytes, the body ${declared}`);
  if (range.first > upload.receivedBytes) {
    throw new AppError('LEARN_UPLOAD_GAP', [{ field: 'receivedBytes', value: String(upload.receivedBytes) }]);
  }
  const firstNew = upload.receivedBytes;
  const chunk = chunkBytesOf(body, {
    skip: firstNew - range.first,
    maxBytes: length,
    tooLarge: () => rangeInvalid(`the body is longer than the range's ${length} bytes`),
  });
  let recorded = upload;
  if (firstNew <= range.last) {
    const newBytes = range.last + 1 - firstNew;
    const blob = await deps.storage.put(tenantId, chunk.bytes, { maxBytes: newBytes, expectedBytes: newBytes, handOver: chunk.handOver }).catch((error: unknown) => {
      throw chunk.refusal() ?? error;
    });
    if (blob.size > 0) recorded = await recordChunk(deps, tenantId, uploadId, { firstByte: firstNew, ...blob });
  } else {
    // Every byte of this chunk had arrived before (a retry after a lost answer): read it and keep nothing.
    for await (const ignored of chunk.bytes) void ignored;
  }
  const outcome = chunk.outcome();
  if (outcome.ok && outcome.bytes === length) return recorded;
  if (!outcome.ok) throw new AppError('LEARN_PACKAGE_INCOMPLETE', [{ field: 'body', value: String(outcome.bytes) }]);
  throw rangeInvalid(`the range has ${length} bytes, the body ${outcome.bytes}`);
}

/**
 * Appends a stored chunk to the upload under the upload's row lock. When another chunk got
 * there first (two nodes took overlapping chunks at once), only the part beyond what is there
 * now is kept: it is read back from the store as a blob of its own, so the chunks stay consecutive.
 */
async function recordChunk(
  deps: LearnDeps,
  tenantId: string,
  uploadId: string,
  chunk: { firstByte: number; size: number; hash: string },
): Promise<UploadRow> {
  for (;;) {
    const step = await deps.db.withTenant(tenantId, async (tx): Promise<{ upload: UploadRow } | { overlapUntil: number }> => {
      const upload = await lockUpload(tx, uploadId);
      if (!upload) throw notFound(uploadId);
      if (upload.status !== 'receiving') throw closed(upload.status);
      const end = chunk.firstByte + chunk.size;
      if (upload.receivedBytes >= end) return { upload };
      if (upload.receivedBytes === chunk.firstByte) return { upload: await appendUploadChunk(tx, uploadId, { firstByte: chunk.firstByte, size: chunk.size, blobHash: chunk.hash }) };
      // receivedBytes only grows and this chunk started at or before it: it is inside this chunk now.
      return { overlapUntil: upload.receivedBytes };
    });
    if ('upload' in step) return step.upload;
    const skip = step.overlapUntil - chunk.firstByte;
    const tail = await deps.storage.get(tenantId, chunk.hash, { start: skip, end: chunk.size - 1 });
    chunk = { firstByte: step.overlapUntil, ...(await deps.storage.put(tenantId, tail)) };
  }
}

/**
 * Imports a fully received upload. Three transactions, each leaving a state that is safe if the
 * node stops right after it (or before the next):
 * 1. `receiving` -> `importing` (under the row lock, so no chunk is added any more and no second
 *    completion starts). A crash after it leaves the upload `importing` with its chunk rows until it
 *    expires and the sweep removes both; the client sees `importing` and uploads again. Blobs an
 *    interrupted import had put are referenced by nothing and collected by the store; the staging
 *    folder of the crashed node stays on its disk until a later staging removes it as stale.
 * 2. The chunk blobs are concatenated in order into a staging zip on this node and imported; the
 *    import's own transaction also moves the upload to `done` with its version and drops its chunk
 *    rows, so a version exists exactly when the upload says `done`.
 * 3. Only when the import failed: `importing` -> `failed` and the chunk rows dropped (a refused
 *    package does not become valid by trying again). A crash before it is the case of step 1.
 * The staging folder is removed whatever happens. Each step's outcome is tested (complete-upload-saga.test.ts).
 */
export async function completeUpload(deps: LearnDeps, tenantId: string, actor: Actor, uploadId: string): Promise<ImportedPackage> {
  coursesPolicy.assert(userActor(actor.user), 'publish');
  const upload = await ownUpload(deps, tenantId, actor.user, uploadId);
  if (upload.status !== 'receiving') throw closed(upload.status);
  if (upload.receivedBytes < upload.totalBytes) {
    throw new AppError('LEARN_UPLOAD_NOT_COMPLETE', [{ field: 'receivedBytes', value: String(upload.receivedBytes) }]);
  }
  const chunks = await deps.db.withTenant(tenantId, async (tx) => {
    if (!(await moveUploadStatus(tx, uploadId, 'receiving', 'importing'))) throw closed('importing');
    return listUploadChunks(tx, uploadId);
  });
  try {
    return await withStagingFolder(deps.config, async (folder) => {
      const zipPath = path.join(folder, 'upload.zip');
      await concatenateChunks(deps, tenantId, chunks, upload.totalBytes, zipPath);
      return importPackage(deps, tenantId, actor, zipPath, { courseId: upload.courseId, fileName: upload.fileName }, async (tx, imported) => {
        if (!(await moveUploadStatus(tx, uploadId, 'importing', 'done', imported.version.id))) throw closed('done');
        await deleteUploadChunks(tx, uploadId);
      });
    });
  } catch (error) {
    await deps.db.withTenant(tenantId, async (tx) => {
      if (await moveUploadStatus(tx, uploadId, 'importing', 'failed')) await deleteUploadChunks(tx, uploadId);
    });
    throw error;
  }
}

/** Writes the upload's chunks, in order, into `file`; they must cover bytes 0 .. total-1 without gap. */
async function concatenateChunks(
  deps: LearnDeps,
  tenantId: string,
  chunks: { firstByte: number; size: number; blobHash: string }[],
  totalBytes: number,
  file: string,
): Promise<void> {
  let expected = 0;
  for (const chunk of chunks) {
    if (chunk.firstByte !== expected) throw new Error(`upload chunks are not consecutive: one starts at ${chunk.firstByte}, expected ${expected}`);
    expected += chunk.size;
  }
  if (expected < totalBytes) {
    throw new AppError('LEARN_UPLOAD_NOT_COMPLETE', [{ field: 'receivedBytes', value: String(expected) }]);
  }
  const out = createWriteStream(file, { flags: 'wx' });
  await pipeline(async function* () {
    for (const chunk of chunks) yield* await deps.storage.get(tenantId, chunk.blobHash);
  }, out);
}

/** Abandons an upload: its row goes, and its chunk rows with it (their blobs are collected by the store). */
export async function cancelUpload(deps: LearnDeps, tenantId: string, user: User, uploadId: string): Promise<void> {
  coursesPolicy.assert(userActor(user), 'publish');
  const upload = await ownUpload(deps, tenantId, user, uploadId);
  if (upload.status === 'importing') throw closed(upload.status);
  await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, uploadId));
}
