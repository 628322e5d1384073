import { desc, eq, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { spacePublications } from './publishing.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type PublicationRow = typeof spacePublications.$inferSelect;

export async function insertPublication(tx: Orm, input: { itemId: string; version: number; courseId: string | null; publishedBy: string }): Promise<PublicationRow> {
  const [row] = await tx.insert(spacePublications).values(input).returning();
  return row!;
}

export async function findPublication(tx: Orm, id: string, options: { lock?: boolean } = {}): Promise<PublicationRow | undefined> {
  const query = tx.select().from(spacePublications).where(eq(spacePublications.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export function listPublications(tx: Orm, itemId: string): Promise<PublicationRow[]> {
  return tx.select().from(spacePublications).where(eq(spacePublications.itemId, itemId)).orderBy(desc(spacePublications.createdAt), desc(spacePublications.id));
}

export async function finishPublication(tx: Orm, id: string, outcome: { status: 'published'; courseId: string; courseTitle: string; courseVersion: number } | { status: 'failed'; errorCode: string }): Promise<void> {
  await tx
    .update(spacePublications)
    .set({ ...outcome, finishedAt: sql`now()` })
    .where(eq(spacePublications.id, id));
}
