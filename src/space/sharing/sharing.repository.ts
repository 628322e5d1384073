import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { spaceShareLinks, spaceShareVisits } from './sharing.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type ShareLinkRow = typeof spaceShareLinks.$inferSelect;

export async function insertShareLink(tx: Orm, input: Omit<typeof spaceShareLinks.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'revokedAt'>): Promise<ShareLinkRow> {
  const [row] = await tx.insert(spaceShareLinks).values(input).returning();
  return row!;
}

export async function findShareLinkByHash(tx: Orm, tokenHash: string): Promise<ShareLinkRow | undefined> {
  const [row] = await tx.select().from(spaceShareLinks).where(eq(spaceShareLinks.tokenHash, tokenHash));
  return row;
}

export async function findShareLink(tx: Orm, id: string): Promise<ShareLinkRow | undefined> {
  const [row] = await tx.select().from(spaceShareLinks).where(eq(spaceShareLinks.id, id));
  return row;
}

export function listShareLinks(tx: Orm, itemId: string): Promise<ShareLinkRow[]> {
  return tx.select().from(spaceShareLinks).where(eq(spaceShareLinks.itemId, itemId)).orderBy(desc(spaceShareLinks.createdAt), desc(spaceShareLinks.id));
}

export async function revokeShareLinkRow(tx: Orm, id: string): Promise<void> {
  await tx
    .update(spaceShareLinks)
    .set({ revokedAt: sql`coalesce(${spaceShareLinks.revokedAt}, now())` })
    .where(eq(spaceShareLinks.id, id));
}

export async function insertShareVisit(
  tx: Orm,
  input: { linkId: string; kind: (typeof spaceShareVisits.$inferInsert)['kind']; itemId: string | null; userId: string | null; recipientEmail: string | null; visitor: string },
): Promise<void> {
  await tx.insert(spaceShareVisits).values(input);
}

/** Opens and unique visitors per link. */
export async function visitCounts(tx: Orm, linkIds: string[]): Promise<Map<string, { opens: number; visitors: number }>> {
  if (linkIds.length === 0) return new Map();
  const rows = await tx
    .select({ linkId: spaceShareVisits.linkId, opens: sql<number>`count(*) filter (where ${spaceShareVisits.kind} = 'open')`.mapWith(Number), visitors: sql<number>`count(distinct ${spaceShareVisits.visitor})`.mapWith(Number) })
    .from(spaceShareVisits)
    .where(and(inArray(spaceShareVisits.linkId, linkIds)))
    .groupBy(spaceShareVisits.linkId);
  return new Map(rows.map((row) => [row.linkId, { opens: row.opens, visitors: row.visitors }]));
}
