import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/http/errors.js';
import type { User } from '../../platform/identity/users.repository.js';
import type { LearnDeps } from '../learn-deps.js';
import { createUploadInput, UPLOAD_MAX_CHUNK_BYTES, type CreateUploadInput } from './courses.contract.js';
import { deleteUpload, findCourse, findUpload, insertUpload, listExpiredUploads, moveUploadStatus, recordReceived, type UploadRow } from './courses.repository.js';
import type { Actor } from '../../platform/audit/actor-event.js';
import { assertMayManage } from './courses.service.js';
import { importPackage, type ImportedPackage } from './import-package.js';
import { ensureDir, removeQuietly, uploadFile, uploadsDir } from './package-storage.js';
import { declaredLength, parseContentRange, writeBodyToFile } from './receive-body.js';

/** How long a resumable upload may take from its creation. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;

function tooLarge(deps: LearnDeps, field: string): AppError {
  return new AppError('LEARN_PACKAGE_TOO_LARGE', [{ field, message: `at most ${deps.config.packageMaxBytes} bytes` }]);
}

function notFound(uploadId: string): AppError {
  return new AppError('LEARN_UPLOAD_NOT_FOUND', [{ field: 'id', message: uploadId }]);
}

/**
 * Receives a package in one request body: streamed to a temporary file (never held in
 * memory), imported, and the temporary file removed whatever happens.
 */
export async function importPackageBody(
  deps: LearnDeps,
  tenantId: string,
  actor: Actor,
  body: Readable,
  target: { courseId: string | null; fileName: string; contentLength: string | undefined },
): Promise<ImportedPackage> {
  assertMayManage(actor.user);
  const declared = declaredLength(target.contentLength);
  if (declared !== undefined && declared > deps.config.packageMaxBytes) throw tooLarge(deps, 'body');
  if (declared === 0) throw new AppError('LEARN_PACKAGE_EMPTY', [{ field: 'body', message: '0 bytes' }]);
  if (target.courseId) {
    const courseId = target.courseId;
    const course = await deps.db.withTenant(tenantId, (tx) => findCourse(tx, courseId));
    if (!course) throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'id', message: courseId }]);
  }
  const dir = uploadsDir(deps.config.filesDir, tenantId);
  await ensureDir(dir);
  const zipPath = `${dir}/${randomUUID()}.zip`;
  try {
    const outcome = await writeBodyToFile(body, zipPath, { start: 0, maxBytes: deps.config.packageMaxBytes, flags: 'wx', tooLarge: () => tooLarge(deps, 'body') });
    if (!outcome.ok || (declared !== undefined && outcome.bytes !== declared)) {
      throw new AppError('LEARN_PACKAGE_INCOMPLETE', [{ field: 'body', message: `${outcome.bytes} bytes arrived` }]);
    }
    if (outcome.bytes === 0) throw new AppError('LEARN_PACKAGE_EMPTY', [{ field: 'body', message: '0 bytes' }]);
    return await importPackage(deps, tenantId, actor, zipPath, target);
  } finally {
    await removeQuietly(zipPath);
  }
}

/** Removes expired uploads of the tenant and their files (whenever an upload starts, and hourly). */
export async function sweepExpiredUploads(deps: LearnDeps, tenantId: string, now = new Date()): Promise<number> {
  const expired = await deps.db.withTenant(tenantId, (tx) => listExpiredUploads(tx, now));
  for (const { id } of expired) {
    await removeQuietly(uploadFile(deps.config.filesDir, tenantId, id));
    await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, id));
  }
  return expired.length;
}

export async function createUpload(deps: LearnDeps, tenantId: string, actor: Actor, input: CreateUploadInput): Promise<UploadRow> {
  assertMayManage(actor.user);
  const parsed = createUploadInput.parse(input);
  if (parsed.totalBytes > deps.config.packageMaxBytes) throw tooLarge(deps, 'totalBytes');
  await sweepExpiredUploads(deps, tenantId);
  const upload = await deps.db.withTenant(tenantId, async (tx) => {
    if (parsed.courseId && !(await findCourse(tx, parsed.courseId))) {
      throw new AppError('LEARN_COURSE_NOT_FOUND', [{ field: 'courseId', message: parsed.courseId }]);
    }
    return insertUpload(tx, { ...parsed, userId: actor.user.id, expiresAt: new Date(Date.now() + UPLOAD_LIFETIME_MS) });
  });
  try {
    await ensureDir(uploadsDir(deps.config.filesDir, tenantId));
    await (await open(uploadFile(deps.config.filesDir, tenantId, upload.id), 'wx')).close();
  } catch (error) {
    await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, upload.id));
    throw error;
  }
  return upload;
}

/** An upload of the user's own that has not expired (an expired one is removed on the spot). */
async function ownUpload(deps: LearnDeps, tenantId: string, user: User, uploadId: string): Promise<UploadRow> {
  const upload = await deps.db.withTenant(tenantId, (tx) => findUpload(tx, uploadId));
  if (!upload || upload.userId !== user.id) throw notFound(uploadId);
  if (upload.expiresAt.getTime() <= Date.now()) {
    await removeQuietly(uploadFile(deps.config.filesDir, tenantId, uploadId));
    await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, uploadId));
    throw notFound(uploadId);
  }
  return upload;
}

export async function getUpload(deps: LearnDeps, tenantId: string, user: User, uploadId: string): Promise<UploadRow> {
  assertMayManage(user);
  return ownUpload(deps, tenantId, user, uploadId);
}

/**
 * Writes one chunk (`Content-Range: bytes first-last/total`) at its place in the upload's file.
 * A chunk may repeat or overlap bytes already received (they are written again, the same
 * bytes), but may not start beyond them. If the connection breaks, the bytes that reached
 * the disk count, so the client resumes from `receivedBytes`.
 */
export async function receiveChunk(
  deps: LearnDeps,
  tenantId: string,
  user: User,
  uploadId: string,
  headers: { contentRange: string | undefined; contentLength: string | undefined },
  body: Readable,
): Promise<UploadRow> {
  assertMayManage(user);
  const upload = await ownUpload(deps, tenantId, user, uploadId);
  if (upload.status !== 'receiving') throw new AppError('LEARN_UPLOAD_CLOSED', [{ field: 'status', message: upload.status }]);
  const range = parseContentRange(headers.contentRange);
  const rangeInvalid = (message: string) => new AppError('LEARN_UPLOAD_RANGE_INVALID', [{ field: 'content-range', message }]);
  if (!range) throw rangeInvalid(headers.contentRange ?? 'missing');
  if (range.total !== upload.totalBytes) throw rangeInvalid(`the upload has ${upload.totalBytes} bytes, not ${range.total}`);
  const length = range.last - range.first + 1;
  if (length > UPLOAD_MAX_CHUNK_BYTES) throw rangeInvalid(`a chunk has at most ${UPLOAD_MAX_CHUNK_BYTES} bytes`);
  const declared = declaredLength(headers.contentLength);
  if (declared !== undefined && declared !== length) throw rangeInvalid(`the range has ${length} bytes, the body ${declared}`);
  if (range.first > upload.receivedBytes) {
    throw new AppError('LEARN_UPLOAD_GAP', [{ field: 'receivedBytes', message: String(upload.receivedBytes) }]);
  }
  const file = uploadFile(deps.config.filesDir, tenantId, uploadId);
  const outcome = await writeBodyToFile(body, file, {
    start: range.first,
    maxBytes: length,
    flags: 'r+',
    tooLarge: () => rangeInvalid(`the body is longer than the range's ${length} bytes`),
  });
  if (outcome.bytes > 0) {
    const recorded = await deps.db.withTenant(tenantId, (tx) => recordReceived(tx, uploadId, range.first, range.first + outcome.bytes));
    if (!recorded) throw new AppError('LEARN_UPLOAD_GAP', [{ field: 'receivedBytes', message: String(upload.receivedBytes) }]);
    if (outcome.ok && outcome.bytes === length) return recorded;
  }
  if (!outcome.ok) throw new AppError('LEARN_PACKAGE_INCOMPLETE', [{ field: 'body', message: `${outcome.bytes} bytes arrived` }]);
  throw rangeInvalid(`the range has ${length} bytes, the body ${outcome.bytes}`);
}

/** Imports a fully received upload; the upload's file is removed whether the import succeeds or not. */
export async function completeUpload(deps: LearnDeps, tenantId: string, actor: Actor, uploadId: string): Promise<ImportedPackage> {
  assertMayManage(actor.user);
  const upload = await ownUpload(deps, tenantId, actor.user, uploadId);
  if (upload.status !== 'receiving') throw new AppError('LEARN_UPLOAD_CLOSED', [{ field: 'status', message: upload.status }]);
  const file = uploadFile(deps.config.filesDir, tenantId, uploadId);
  const onDisk = (await stat(file).catch(() => null))?.size ?? 0;
  if (upload.receivedBytes < upload.totalBytes || onDisk < upload.totalBytes) {
    throw new AppError('LEARN_UPLOAD_NOT_COMPLETE', [{ field: 'receivedBytes', message: `${upload.receivedBytes} of ${upload.totalBytes}` }]);
  }
  if (!(await deps.db.withTenant(tenantId, (tx) => moveUploadStatus(tx, uploadId, 'receiving', 'importing')))) {
    throw new AppError('LEARN_UPLOAD_CLOSED', [{ field: 'status', message: 'importing' }]);
  }
  try {
    const imported = await importPackage(deps, tenantId, actor, file, { courseId: upload.courseId, fileName: upload.fileName });
    await deps.db.withTenant(tenantId, (tx) => moveUploadStatus(tx, uploadId, 'importing', 'done', imported.version.id));
    return imported;
  } catch (error) {
    await deps.db.withTenant(tenantId, (tx) => moveUploadStatus(tx, uploadId, 'importing', 'failed'));
    throw error;
  } finally {
    await removeQuietly(file);
  }
}

/** Abandons an upload: its row and its bytes are removed. */
export async function cancelUpload(deps: LearnDeps, tenantId: string, user: User, uploadId: string): Promise<void> {
  assertMayManage(user);
  const upload = await ownUpload(deps, tenantId, user, uploadId);
  if (upload.status === 'importing') throw new AppError('LEARN_UPLOAD_CLOSED', [{ field: 'status', message: upload.status }]);
  await removeQuietly(uploadFile(deps.config.filesDir, tenantId, uploadId));
  await deps.db.withTenant(tenantId, (tx) => deleteUpload(tx, uploadId));
}
