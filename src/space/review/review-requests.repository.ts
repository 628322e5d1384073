import { and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import { spaceItems } from '../library/library.schema.js';
import { spaceReviewers, spaceReviewRequests } from './review.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type ReviewRequestRow = typeof spaceReviewRequests.$inferSelect;
export interface ReviewerRow {
  requestId: string;
  userId: string;
  firstName: string;
  lastName: string;
  doneAt: Date | null;
}

export async function insertReviewRequest(tx: Orm, input: { itemId: string; version: number; requestedBy: string; message: string; dueAt: Date }, reviewers: string[]): Promise<ReviewRequestRow> {
  const [row] = await tx.insert(spaceReviewRequests).values(input).returning();
  if (reviewers.length > 0) await tx.insert(spaceReviewers).values(reviewers.map((userId) => ({ requestId: row!.id, userId })));
  return row!;
}

export function listReviewRequests(tx: Orm, itemId: string): Promise<ReviewRequestRow[]> {
  return tx.select().from(spaceReviewRequests).where(eq(spaceReviewRequests.itemId, itemId)).orderBy(desc(spaceReviewRequests.createdAt));
}

/** The requests a user is a reviewer of and has not said done. */
export function openRequestsOf(tx: Orm, userId: string): Promise<ReviewRequestRow[]> {
  return tx
    .select({ request: spaceReviewRequests })
    .from(spaceReviewRequests)
    .innerJoin(spaceReviewers, eq(spaceReviewers.requestId, spaceReviewRequests.id))
    .where(and(eq(spaceReviewers.userId, userId), isNull(spaceReviewers.doneAt)))
    .orderBy(spaceReviewRequests.dueAt)
    .then((rows) => rows.map((row) => row.request));
}

export function reviewersOf(tx: Orm, requestIds: string[]): Promise<ReviewerRow[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return tx
    .select({ requestId: spaceReviewers.requestId, userId: spaceReviewers.userId, firstName: users.firstName, lastName: users.lastName, doneAt: spaceReviewers.doneAt })
    .from(spaceReviewers)
    .innerJoin(users, eq(users.id, spaceReviewers.userId))
    .where(inArray(spaceReviewers.requestId, requestIds));
}

/** The file's name and the requester's name of each request. */
export function requestNamesOf(tx: Orm, requestIds: string[]): Promise<{ requestId: string; itemName: string; requesterFirstName: string; requesterLastName: string }[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return tx
    .select({ requestId: spaceReviewRequests.id, itemName: spaceItems.name, requesterFirstName: users.firstName, requesterLastName: users.lastName })
    .from(spaceReviewRequests)
    .innerJoin(spaceItems, eq(spaceItems.id, spaceReviewRequests.itemId))
    .innerJoin(users, eq(users.id, spaceReviewRequests.requestedBy))
    .where(inArray(spaceReviewRequests.id, requestIds));
}

export async function findReviewRequest(tx: Orm, id: string): Promise<ReviewRequestRow | undefined> {
  const [row] = await tx.select().from(spaceReviewRequests).where(eq(spaceReviewRequests.id, id));
  return row;
}

export async function markReviewDone(tx: Orm, requestId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .update(spaceReviewers)
    .set({ doneAt: sql`coalesce(${spaceReviewers.doneAt}, now())` })
    .where(and(eq(spaceReviewers.requestId, requestId), eq(spaceReviewers.userId, userId)))
    .returning({ userId: spaceReviewers.userId });
  return rows.length > 0;
}

/** Reviewers not done whose request is due before `until` and not over yet, not reminded: locked for this run. */
export function remindersDue(tx: Orm, now: Date, until: Date) {
  return tx
    .select({ requestId: spaceReviewers.requestId, userId: spaceReviewers.userId, email: users.email, firstName: users.firstName, language: users.language, dueAt: spaceReviewRequests.dueAt, itemId: spaceReviewRequests.itemId, itemName: spaceItems.name })
    .from(spaceReviewers)
    .innerJoin(spaceReviewRequests, eq(spaceReviewRequests.id, spaceReviewers.requestId))
    .innerJoin(users, eq(users.id, spaceReviewers.userId))
    .innerJoin(spaceItems, eq(spaceItems.id, spaceReviewRequests.itemId))
    .where(and(isNull(spaceReviewers.doneAt), isNull(spaceReviewers.remindedAt), lte(spaceReviewRequests.dueAt, until), gt(spaceReviewRequests.dueAt, now), eq(users.status, 'active')))
    .for('update', { of: spaceReviewers, skipLocked: true });
}

export async function markReminded(tx: Orm, requestId: string, userId: string): Promise<void> {
  await tx.update(spaceReviewers).set({ remindedAt: sql`now()` }).where(and(eq(spaceReviewers.requestId, requestId), eq(spaceReviewers.userId, userId)));
}
