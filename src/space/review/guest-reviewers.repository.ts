import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { spaceItems } from '../library/library.schema.js';
import { spaceGuestReviewers, spaceReviewRequests } from './review.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type GuestReviewerRow = typeof spaceGuestReviewers.$inferSelect;

export async function insertGuestReviewers(tx: Orm, rows: Omit<typeof spaceGuestReviewers.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'doneAt' | 'remindedAt' | 'resentAt' | 'removedAt'>[]): Promise<GuestReviewerRow[]> {
  if (rows.length === 0) return [];
  return tx.insert(spaceGuestReviewers).values(rows).returning();
}

export function guestReviewersOf(tx: Orm, requestIds: string[]): Promise<GuestReviewerRow[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(spaceGuestReviewers)
    .where(and(inArray(spaceGuestReviewers.requestId, requestIds), isNull(spaceGuestReviewers.removedAt)))
    // Guests asked at once were made at the same moment: then by address, so the list keeps its order.
    .orderBy(spaceGuestReviewers.createdAt, spaceGuestReviewers.email);
}

/** A guest of a request still on it, locked for a change. */
export async function findGuestOfRequest(tx: Orm, requestId: string, guestId: string): Promise<GuestReviewerRow | undefined> {
  const [row] = await tx
    .select()
    .from(spaceGuestReviewers)
    .where(and(eq(spaceGuestReviewers.id, guestId), eq(spaceGuestReviewers.requestId, requestId), isNull(spaceGuestReviewers.removedAt)))
    .for('update');
  return row;
}

export async function markGuestRemoved(tx: Orm, id: string): Promise<void> {
  await tx.update(spaceGuestReviewers).set({ removedAt: sql`now()` }).where(eq(spaceGuestReviewers.id, id));
}

export async function markGuestResent(tx: Orm, id: string): Promise<void> {
  await tx.update(spaceGuestReviewers).set({ resentAt: sql`now()` }).where(eq(spaceGuestReviewers.id, id));
}

export async function findGuestByTokenHash(tx: Orm, tokenHash: string): Promise<GuestReviewerRow | undefined> {
  const [row] = await tx.select().from(spaceGuestReviewers).where(eq(spaceGuestReviewers.tokenHash, tokenHash));
  return row;
}

export async function markGuestDone(tx: Orm, id: string): Promise<void> {
  await tx
    .update(spaceGuestReviewers)
    .set({ doneAt: sql`coalesce(${spaceGuestReviewers.doneAt}, now())` })
    .where(eq(spaceGuestReviewers.id, id));
}

/** Guests not done whose request is due before `until` and not over yet, not reminded: locked for this run. */
export function guestRemindersDue(tx: Orm, now: Date, until: Date) {
  return tx
    .select({ guest: spaceGuestReviewers, dueAt: spaceReviewRequests.dueAt, itemName: spaceItems.name })
    .from(spaceGuestReviewers)
    .innerJoin(spaceReviewRequests, eq(spaceReviewRequests.id, spaceGuestReviewers.requestId))
    .innerJoin(spaceItems, eq(spaceItems.id, spaceReviewRequests.itemId))
    .where(and(isNull(spaceGuestReviewers.doneAt), isNull(spaceGuestReviewers.remindedAt), isNull(spaceGuestReviewers.removedAt), isNull(spaceItems.trashedAt), lte(spaceReviewRequests.dueAt, until), gt(spaceReviewRequests.dueAt, now)))
    .for('update', { of: spaceGuestReviewers, skipLocked: true });
}

export async function markGuestReminded(tx: Orm, id: string): Promise<void> {
  await tx.update(spaceGuestReviewers).set({ remindedAt: sql`now()` }).where(eq(spaceGuestReviewers.id, id));
}
