import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { contentFiles, contentVersions, courses, packageUploadChunks, packageUploads } from './courses.schema.js';
import type { UploadRow } from './courses.repository.js';

// Learn's rows that name blobs in the store. Callers run these inside withTenant().

/** `storage_key` of a version whose files are blobs listed in content_files. */
export const BLOB_STORAGE_KEY = 'blobs';

export interface StoredFile {
  path: string;
  blobHash: string;
  size: number;
}

export async function insertContentFiles(tx: Orm, versionId: string, files: StoredFile[]): Promise<void> {
  // A few hundred rows per statement keeps far below the parameter limit of one statement.
  for (let i = 0; i < files.length; i += 500) {
    await tx
      .insert(contentFiles)
      .values(files.slice(i, i + 500).map((file) => ({ versionId, path: file.path, blobHash: file.blobHash, size: file.size })))
      .onConflictDoNothing();
  }
}

/** One file of a version, with the version's creation time (a version's files never change after it). */
export async function findContentFile(tx: Orm, versionId: string, path: string): Promise<(StoredFile & { createdAt: Date }) | undefined> {
  const rows = await tx
    .select({ path: contentFiles.path, blobHash: contentFiles.blobHash, size: contentFiles.size, createdAt: contentVersions.createdAt })
    .from(contentFiles)
    .innerJoin(contentVersions, eq(contentVersions.id, contentFiles.versionId))
    .where(and(eq(contentFiles.versionId, versionId), eq(contentFiles.path, path)))
    .limit(1);
  return rows[0];
}

export async function listContentFiles(tx: Orm, versionId: string): Promise<StoredFile[]> {
  return tx
    .select({ path: contentFiles.path, blobHash: contentFiles.blobHash, size: contentFiles.size })
    .from(contentFiles)
    .where(eq(contentFiles.versionId, versionId))
    .orderBy(asc(contentFiles.path));
}

// Versions and covers of before the blob store (for the migration).

export async function listVersionsStoredAsFiles(tx: Orm): Promise<{ id: string; storageKey: string }[]> {
  return tx
    .select({ id: contentVersions.id, storageKey: contentVersions.storageKey })
    .from(contentVersions)
    .where(ne(contentVersions.storageKey, BLOB_STORAGE_KEY))
    .orderBy(asc(contentVersions.createdAt), asc(contentVersions.id));
}

export async function listVersionIdsInStore(tx: Orm): Promise<string[]> {
  const rows = await tx.select({ id: contentVersions.id }).from(contentVersions).where(eq(contentVersions.storageKey, BLOB_STORAGE_KEY));
  return rows.map((row) => row.id);
}

/** Marks a version as served from the store; false when its key was no longer `from` (done by someone else). */
export async function markVersionInStore(tx: Orm, versionId: string, from: string): Promise<boolean> {
  const rows = await tx
    .update(contentVersions)
    .set({ storageKey: BLOB_STORAGE_KEY })
    .where(and(eq(contentVersions.id, versionId), eq(contentVersions.storageKey, from)))
    .returning({ id: contentVersions.id });
  return rows.length === 1;
}

export async function listCoverKeys(tx: Orm): Promise<{ id: string; coverKey: string }[]> {
  const rows = await tx
    .select({ id: courses.id, coverKey: courses.coverKey })
    .from(courses)
    .where(sql`${courses.coverKey} is not null`)
    .orderBy(asc(courses.id));
  return rows.map((row) => ({ id: row.id, coverKey: row.coverKey! }));
}

/** Replaces a cover key only when it is still `from`; false otherwise. */
export async function replaceCoverKey(tx: Orm, courseId: string, from: string, to: string): Promise<boolean> {
  const rows = await tx
    .update(courses)
    .set({ coverKey: to })
    .where(and(eq(courses.id, courseId), eq(courses.coverKey, from)))
    .returning({ id: courses.id });
  return rows.length === 1;
}

// Resumable uploads: the bytes received so far, as consecutive blobs.

/** The upload row, locked until the transaction ends: chunks and completion of one upload queue behind each other. */
export async function lockUpload(tx: Orm, uploadId: string): Promise<UploadRow | undefined> {
  const rows = await tx.select().from(packageUploads).where(eq(packageUploads.id, uploadId)).limit(1).for('update');
  return rows[0];
}

/** Appends a chunk at the end of what arrived and moves `receivedBytes` past it (the caller holds the row lock). */
export async function appendUploadChunk(tx: Orm, uploadId: string, chunk: { firstByte: number; size: number; blobHash: string }): Promise<UploadRow> {
  await tx.insert(packageUploadChunks).values({ uploadId, ...chunk });
  const [row] = await tx
    .update(packageUploads)
    .set({ receivedBytes: chunk.firstByte + chunk.size })
    .where(eq(packageUploads.id, uploadId))
    .returning();
  if (!row) throw new Error('package upload vanished under its lock');
  return row;
}

export async function listUploadChunks(tx: Orm, uploadId: string): Promise<{ firstByte: number; size: number; blobHash: string }[]> {
  return tx
    .select({ firstByte: packageUploadChunks.firstByte, size: packageUploadChunks.size, blobHash: packageUploadChunks.blobHash })
    .from(packageUploadChunks)
    .where(eq(packageUploadChunks.uploadId, uploadId))
    .orderBy(asc(packageUploadChunks.firstByte));
}

export async function deleteUploadChunks(tx: Orm, uploadId: string): Promise<void> {
  await tx.delete(packageUploadChunks).where(eq(packageUploadChunks.uploadId, uploadId));
}

// What the store's collector asks: which blobs Learn still refers to.

/** Which of `hashes` content files, upload chunks or course covers of the tenant refer to. */
export async function referencedBlobHashes(tx: Orm, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  const [files, chunks, covers] = await Promise.all([
    tx.selectDistinct({ hash: contentFiles.blobHash }).from(contentFiles).where(inArray(contentFiles.blobHash, hashes)),
    tx.selectDistinct({ hash: packageUploadChunks.blobHash }).from(packageUploadChunks).where(inArray(packageUploadChunks.blobHash, hashes)),
    // A cover key is `<hash>.<ext>`.
    tx
      .selectDistinct({ hash: sql<string>`split_part(${courses.coverKey}, '.', 1)` })
      .from(courses)
      .where(inArray(sql`split_part(${courses.coverKey}, '.', 1)`, hashes)),
  ]);
  return [...files, ...chunks, ...covers].map((row) => row.hash);
}
