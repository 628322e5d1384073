import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import type { ChunkRecord } from './items.repository.js';
import { spaceUploadChunks, spaceUploads } from './library.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type SpaceUploadRow = typeof spaceUploads.$inferSelect;

export async function insertSpaceUpload(tx: Orm, input: { userId: string; folderId: string | null; itemId: string | null; fileName: string; totalBytes: number; expiresAt: Date }): Promise<SpaceUploadRow> {
  const [row] = await tx.insert(spaceUploads).values(input).returning();
  if (!row) throw new Error('insert into space_uploads returned no row');
  return row;
}

export async function findSpaceUpload(tx: Orm, id: string, options: { lock?: boolean } = {}): Promise<SpaceUploadRow | undefined> {
  const query = tx.select().from(spaceUploads).where(eq(spaceUploads.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** Adds a stored chunk (it overlaps none of the upload's), with the end of the bytes now received without a gap. */
export async function addSpaceUploadChunk(tx: Orm, uploadId: string, chunk: ChunkRecord, receivedBytes: number): Promise<SpaceUploadRow> {
  await tx.insert(spaceUploadChunks).values({ uploadId, ...chunk });
  const [row] = await tx.update(spaceUploads).set({ receivedBytes }).where(eq(spaceUploads.id, uploadId)).returning();
  return row!;
}

/** The chunks that start at `firstByte` or later, in order: those that arrived ahead of a gap. */
export function spaceUploadChunksFrom(tx: Orm, uploadId: string, firstByte: number): Promise<ChunkRecord[]> {
  return tx
    .select({ firstByte: spaceUploadChunks.firstByte, size: spaceUploadChunks.size, blobHash: spaceUploadChunks.blobHash })
    .from(spaceUploadChunks)
    .where(and(eq(spaceUploadChunks.uploadId, uploadId), gte(spaceUploadChunks.firstByte, firstByte)))
    .orderBy(asc(spaceUploadChunks.firstByte));
}

export function spaceUploadChunksOf(tx: Orm, uploadId: string): Promise<ChunkRecord[]> {
  return tx
    .select({ firstByte: spaceUploadChunks.firstByte, size: spaceUploadChunks.size, blobHash: spaceUploadChunks.blobHash })
    .from(spaceUploadChunks)
    .where(eq(spaceUploadChunks.uploadId, uploadId))
    .orderBy(asc(spaceUploadChunks.firstByte));
}

export async function setSpaceUploadStatus(tx: Orm, id: string, status: SpaceUploadRow['status']): Promise<void> {
  await tx.update(spaceUploads).set({ status }).where(eq(spaceUploads.id, id));
  if (status === 'done' || status === 'failed') await tx.delete(spaceUploadChunks).where(eq(spaceUploadChunks.uploadId, id));
}

export async function deleteSpaceUpload(tx: Orm, id: string): Promise<void> {
  await tx.delete(spaceUploads).where(eq(spaceUploads.id, id));
}

export async function deleteExpiredSpaceUploads(tx: Orm, now: Date): Promise<number> {
  const rows = await tx.delete(spaceUploads).where(lte(spaceUploads.expiresAt, now)).returning({ id: spaceUploads.id });
  return rows.length;
}
