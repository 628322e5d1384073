import { and, asc, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.js';
import { users } from '../../identity/identity.schema.js';
import type { PrivilegeKind, ReviewDecision } from './access-reviews.contract.js';
import { accessReviewItems, accessReviews } from './access-reviews.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export type ReviewRow = typeof accessReviews.$inferSelect;

export interface ReviewSummaryRow extends ReviewRow {
  startedBy: string | null;
  total: number;
  decided: number;
}

export interface ReviewItemRow {
  id: string;
  reviewId: string;
  kind: PrivilegeKind;
  subjectId: string;
  holder: string;
  privilege: string;
  lastUsedAt: Date | null;
  decision: ReviewDecision | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

// Columns of the outer row are named with their table by hand: inside a select list drizzle leaves the table out.
const userName = (qualifiedColumn: string) =>
  sql<string | null>`(select u.first_name || ' ' || u.last_name from users u where u.id = ${sql.raw(qualifiedColumn)})`;

export async function insertReview(tx: Orm, values: { startedByUserId: string; dueAt: Date; unusedDays: number }): Promise<ReviewRow> {
  const [row] = await tx.insert(accessReviews).values(values).returning();
  if (!row) throw new Error('insert into access_reviews returned no row');
  return row;
}

export async function insertReviewItems(
  tx: Orm,
  reviewId: string,
  items: readonly { kind: PrivilegeKind; subjectId: string; holder: string; privilege: string; lastUsedAt: Date | null }[],
): Promise<void> {
  // A few hundred rows per statement: far below the bound-parameter limit.
  for (let i = 0; i < items.length; i += 500) {
    await tx.insert(accessReviewItems).values(items.slice(i, i + 500).map((item) => ({ ...item, reviewId })));
  }
}

/** The open review of the site, if any. */
export async function findOpenReview(tx: Orm): Promise<ReviewRow | undefined> {
  const [row] = await tx.select().from(accessReviews).where(isNull(accessReviews.completedAt)).limit(1);
  return row;
}

/** The review, locked until the transaction ends (decisions on one review queue behind each other). */
export async function lockReview(tx: Orm, id: string): Promise<ReviewRow | undefined> {
  const [row] = await tx.select().from(accessReviews).where(eq(accessReviews.id, id)).for('update');
  return row;
}

const summaryColumns = {
  id: accessReviews.id,
  tenantId: accessReviews.tenantId,
  startedByUserId: accessReviews.startedByUserId,
  startedAt: accessReviews.startedAt,
  dueAt: accessReviews.dueAt,
  unusedDays: accessReviews.unusedDays,
  completedAt: accessReviews.completedAt,
  lastReminderAt: accessReviews.lastReminderAt,
  startedBy: userName('access_reviews.started_by_user_id'),
  total: sql<number>`(select count(*)::int from access_review_items i where i.review_id = access_reviews.id)`,
  decided: sql<number>`(select count(*)::int from access_review_items i where i.review_id = access_reviews.id and i.decision is not null)`,
};

/** Summaries with progress, newest first (optionally one review only). */
export function listReviewSummaries(tx: Orm, onlyId?: string): Promise<ReviewSummaryRow[]> {
  return tx
    .select(summaryColumns)
    .from(accessReviews)
    .where(onlyId ? eq(accessReviews.id, onlyId) : undefined)
    .orderBy(desc(accessReviews.startedAt), desc(accessReviews.id))
    .limit(100);
}

const itemColumns = {
  id: accessReviewItems.id,
  reviewId: accessReviewItems.reviewId,
  kind: sql<PrivilegeKind>`${accessReviewItems.kind}`,
  subjectId: accessReviewItems.subjectId,
  holder: accessReviewItems.holder,
  privilege: accessReviewItems.privilege,
  lastUsedAt: accessReviewItems.lastUsedAt,
  decision: accessReviewItems.decision,
  decidedBy: userName('access_review_items.decided_by_user_id'),
  decidedAt: accessReviewItems.decidedAt,
};

export function listReviewItems(tx: Orm, reviewId: string): Promise<ReviewItemRow[]> {
  return tx.select(itemColumns).from(accessReviewItems).where(eq(accessReviewItems.reviewId, reviewId)).orderBy(asc(accessReviewItems.kind), asc(accessReviewItems.holder), asc(accessReviewItems.id));
}

export async function findReviewItem(tx: Orm, reviewId: string, itemId: string): Promise<ReviewItemRow | undefined> {
  const [row] = await tx
    .select(itemColumns)
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.id, itemId), eq(accessReviewItems.reviewId, reviewId)));
  return row;
}

/** Records the decision once; false when the item was decided already. */
export async function recordDecision(tx: Orm, itemId: string, decision: ReviewDecision, userId: string): Promise<boolean> {
  const rows = await tx
    .update(accessReviewItems)
    .set({ decision, decidedByUserId: userId, decidedAt: sql`now()` })
    .where(and(eq(accessReviewItems.id, itemId), isNull(accessReviewItems.decision)))
    .returning({ id: accessReviewItems.id });
  return rows.length > 0;
}

export async function countUndecided(tx: Orm, reviewId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.reviewId, reviewId), isNull(accessReviewItems.decision)));
  return row?.n ?? 0;
}

export async function markReviewCompleted(tx: Orm, reviewId: string): Promise<void> {
  await tx.update(accessReviews).set({ completedAt: sql`now()` }).where(and(eq(accessReviews.id, reviewId), isNull(accessReviews.completedAt)));
}

/** Open reviews whose last reminder (or start) was at or before `remindedBefore`. */
export function listReviewsToRemind(tx: Orm, remindedBefore: Date): Promise<ReviewSummaryRow[]> {
  return tx
    .select(summaryColumns)
    .from(accessReviews)
    .where(
      and(
        isNull(accessReviews.completedAt),
        or(lte(accessReviews.lastReminderAt, remindedBefore), and(isNull(accessReviews.lastReminderAt), lte(accessReviews.startedAt, remindedBefore))),
      ),
    )
    .orderBy(asc(accessReviews.dueAt));
}

export async function markReminded(tx: Orm, reviewId: string, at: Date): Promise<void> {
  await tx.update(accessReviews).set({ lastReminderAt: at }).where(eq(accessReviews.id, reviewId));
}

/** The site's active administrators, who receive the reminders. */
export function listActiveAdmins(tx: Orm): Promise<{ id: string; email: string; firstName: string; language: string | null }[]> {
  return tx
    .select({ id: users.id, email: users.email, firstName: users.firstName, language: users.language })
    .from(users)
    .where(and(eq(users.status, 'active'), sql`'admin' = any(${users.roles})`))
    .orderBy(users.id);
}
