import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Orm } from '../db/client.js';
import { storageBlobs, storageLocationStats } from './storage.schema.js';

export interface BlobRow {
  tenantId: string;
  hash: string;
  size: number;
  storedSize: number;
  createdAt: Date;
}

export async function findBlob(orm: Orm, tenantId: string, hash: string): Promise<BlobRow | undefined> {
  const [row] = await orm
    .select()
    .from(storageBlobs)
    .where(and(eq(storageBlobs.tenantId, tenantId), eq(storageBlobs.hash, hash)))
    .limit(1);
  return row;
}

/** Records a blob the quorum holds; a row that exists already (the same bytes stored twice) stays. */
export async function insertBlob(orm: Orm, row: Omit<BlobRow, 'createdAt'>): Promise<void> {
  await orm.insert(storageBlobs).values(row).onConflictDoNothing();
}

export async function deleteBlobRow(orm: Orm, tenantId: string, hash: string): Promise<boolean> {
  const deleted = await orm
    .delete(storageBlobs)
    .where(and(eq(storageBlobs.tenantId, tenantId), eq(storageBlobs.hash, hash)))
    .returning({ hash: storageBlobs.hash });
  return deleted.length > 0;
}

export async function deleteTenantBlobRows(orm: Orm, tenantId: string): Promise<number> {
  const deleted = await orm.delete(storageBlobs).where(eq(storageBlobs.tenantId, tenantId)).returning({ hash: storageBlobs.hash });
  return deleted.length;
}

/** One page of rows in key order, after `after` (tenant, hash); for walks over every blob. */
export async function blobRowsAfter(orm: Orm, after: { tenantId: string; hash: string } | undefined, limit: number): Promise<BlobRow[]> {
  return orm
    .select()
    .from(storageBlobs)
    .where(after ? sql`(${storageBlobs.tenantId}, ${storageBlobs.hash}) > (${after.tenantId}::uuid, ${after.hash})` : undefined)
    .orderBy(storageBlobs.tenantId, storageBlobs.hash)
    .limit(limit);
}

/** One page of the tenant's blobs stored before `before`, in hash order after `afterHash`. */
export async function tenantBlobsBefore(orm: Orm, tenantId: string, before: Date, afterHash: string, limit: number): Promise<BlobRow[]> {
  return orm
    .select()
    .from(storageBlobs)
    .where(and(eq(storageBlobs.tenantId, tenantId), lt(storageBlobs.createdAt, before), gt(storageBlobs.hash, afterHash)))
    .orderBy(storageBlobs.hash)
    .limit(limit);
}

export async function tenantsWithBlobs(orm: Orm): Promise<string[]> {
  const rows = await orm.selectDistinct({ tenantId: storageBlobs.tenantId }).from(storageBlobs);
  return rows.map((r) => r.tenantId);
}

export async function blobTotals(orm: Orm): Promise<{ blobs: number; bytes: number; storedBytes: number }> {
  const [row] = await orm
    .select({
      blobs: sql<number>`count(*)::bigint`.mapWith(Number),
      bytes: sql<number>`coalesce(sum(${storageBlobs.size}), 0)::bigint`.mapWith(Number),
      storedBytes: sql<number>`coalesce(sum(${storageBlobs.storedSize}), 0)::bigint`.mapWith(Number),
    })
    .from(storageBlobs);
  return row ?? { blobs: 0, bytes: 0, storedBytes: 0 };
}

export type LocationStatsRow = typeof storageLocationStats.$inferSelect;

export async function saveLocationStats(orm: Orm, stats: Omit<LocationStatsRow, 'checkedAt'>): Promise<void> {
  await orm
    .insert(storageLocationStats)
    .values({ ...stats, checkedAt: new Date() })
    .onConflictDoUpdate({
      target: storageLocationStats.location,
      set: { healthy: stats.healthy, objects: stats.objects, bytes: stats.bytes, lastError: stats.lastError, checkedAt: new Date() },
    });
}

export async function listLocationStats(orm: Orm): Promise<LocationStatsRow[]> {
  return orm.select().from(storageLocationStats);
}
