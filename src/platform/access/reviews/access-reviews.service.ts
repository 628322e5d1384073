import { isUniqueViolation } from '../../db/constraint-violations.js';
import { insertActorEvent } from '../../audit/actor-event.js';
import { AppError } from '../../http/errors.js';
import type { UseCase } from '../request-context.js';
import {
  startReviewInput,
  type DecideItemInput,
  type DecisionView,
  type PrivilegeReportQuery,
  type PrivilegeReportView,
  type ReviewItemView,
  type ReviewSummaryView,
  type ReviewView,
  type StartReviewInput,
  privilegeReportQuery,
  decideItemInput,
} from './access-reviews.contract.js';
import { accessReviewsPolicy } from './access-reviews.policy.js';
import {
  countUndecided,
  findOpenReview,
  findReviewItem,
  insertReview,
  insertReviewItems,
  listReviewItems,
  listReviewSummaries,
  lockReview,
  markReviewCompleted,
  recordDecision,
  type ReviewItemRow,
  type ReviewSummaryRow,
} from './access-reviews.repository.js';
import { collectPrivileges, isUnused, privilegeView } from './privilege-report.js';
import type { PrivilegeSource } from './privilege-source.js';
import { revokePrivilege } from './revoke-privilege.js';

const DAY_MS = 24 * 60 * 60_000;

function assertReviewer(useCase: UseCase): void {
  accessReviewsPolicy.assert(useCase.actor, 'manage');
}

/** Who holds which privileges in the site, when each was last used, and which are unused. */
export async function privilegeReport(useCase: UseCase, sources: readonly PrivilegeSource[], query: PrivilegeReportQuery, now = new Date()): Promise<PrivilegeReportView> {
  assertReviewer(useCase);
  const { unusedDays, unusedOnly } = privilegeReportQuery.parse(query);
  const all = (await collectPrivileges(useCase.tx, sources)).map((p) => privilegeView(p, unusedDays, now));
  return { unusedDays, generatedAt: now.toISOString(), privileges: unusedOnly === 'true' ? all.filter((p) => p.unused) : all };
}

export function summaryView(row: ReviewSummaryRow, now = new Date()): ReviewSummaryView {
  return {
    id: row.id,
    startedAt: row.startedAt.toISOString(),
    startedBy: row.startedBy,
    dueAt: row.dueAt.toISOString(),
    unusedDays: row.unusedDays,
    completedAt: row.completedAt?.toISOString() ?? null,
    overdue: row.completedAt === null && row.dueAt.getTime() < now.getTime(),
    total: row.total,
    decided: row.decided,
  };
}

function itemView(row: ReviewItemRow, review: { startedAt: Date; unusedDays: number }): ReviewItemView {
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    holder: row.holder,
    privilege: row.privilege,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    // Judged as of the review's start: the snapshot is what the reviewer decides on.
    unused: isUnused({ lastUsedAt: row.lastUsedAt, lastUseRecorded: true }, review.unusedDays, review.startedAt),
    decision: row.decision,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

async function summaryOf(useCase: UseCase, reviewId: string): Promise<ReviewSummaryRow> {
  const [row] = await listReviewSummaries(useCase.tx, reviewId);
  if (!row) throw new AppError('ACCESS_REVIEW_NOT_FOUND', [{ field: 'id', value: reviewId }]);
  return row;
}

/** Starts a review: every privilege in force becomes an item to confirm or revoke. One open review at a time. */
export async function startReview(useCase: UseCase, sources: readonly PrivilegeSource[], input: StartReviewInput, now = new Date()): Promise<ReviewView> {
  assertReviewer(useCase);
  const { dueInDays, unusedDays } = startReviewInput.parse(input);
  if (await findOpenReview(useCase.tx)) throw new AppError('ACCESS_REVIEW_ALREADY_OPEN');
  const privileges = await collectPrivileges(useCase.tx, sources);
  // Two starts at the same instant both pass the check above; the open-review index refuses the second.
  const review = await insertReview(useCase.tx, { startedByUserId: useCase.user.id, dueAt: new Date(now.getTime() + dueInDays * DAY_MS), unusedDays }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? new AppError('ACCESS_REVIEW_ALREADY_OPEN') : error;
  });
  await insertReviewItems(
    useCase.tx,
    review.id,
    privileges.map((p) => ({ kind: p.kind, subjectId: p.subjectId, holder: p.holder, privilege: p.privilege, lastUsedAt: p.lastUsedAt })),
  );
  await insertActorEvent(useCase.tx, useCase, 'access_review.started', { type: 'access_review', id: review.id }, { items: privileges.length, dueAt: review.dueAt.toISOString(), unusedDays });
  // A site with nothing to review has nothing to wait for.
  if (privileges.length === 0) await complete(useCase, review.id);
  return showReview(useCase, review.id);
}

export async function listReviews(useCase: UseCase): Promise<{ reviews: ReviewSummaryView[] }> {
  assertReviewer(useCase);
  return { reviews: (await listReviewSummaries(useCase.tx)).map((row) => summaryView(row)) };
}

/** A review with all its items; another site's review is not found. */
export async function showReview(useCase: UseCase, reviewId: string): Promise<ReviewView> {
  assertReviewer(useCase);
  const review = await summaryOf(useCase, reviewId);
  const items = await listReviewItems(useCase.tx, reviewId);
  return { review: summaryView(review), items: items.map((row) => itemView(row, review)) };
}

async function complete(useCase: UseCase, reviewId: string): Promise<void> {
  await markReviewCompleted(useCase.tx, reviewId);
  const review = await summaryOf(useCase, reviewId);
  await insertActorEvent(useCase.tx, useCase, 'access_review.completed', { type: 'access_review', id: reviewId }, { items: review.total, decided: review.decided });
}

/**
 * Confirms or revokes one item. Revoking ends the privilege itself in the same transaction; if
 * that is refused (the last administrator, one's own admin role), nothing is recorded. A decision
 * is final: deciding again is refused. The last decision completes the review.
 */
export async function decideItem(useCase: UseCase, sources: readonly PrivilegeSource[], reviewId: string, itemId: string, input: DecideItemInput): Promise<DecisionView> {
  assertReviewer(useCase);
  const { decision } = decideItemInput.parse(input);
  // Locked: two reviewers deciding the last two items at once still complete the review once.
  const review = await lockReview(useCase.tx, reviewId);
  if (!review) throw new AppError('ACCESS_REVIEW_NOT_FOUND', [{ field: 'id', value: reviewId }]);
  const item = await findReviewItem(useCase.tx, reviewId, itemId);
  if (!item) throw new AppError('ACCESS_REVIEW_ITEM_NOT_FOUND', [{ field: 'itemId', value: itemId }]);
  if (item.decision !== null) throw new AppError('ACCESS_REVIEW_ITEM_DECIDED', [{ field: 'itemId', value: itemId }]);
  const effect = decision === 'revoked' ? await revokePrivilege(useCase, item, sources) : undefined;
  if (!(await recordDecision(useCase.tx, itemId, decision, useCase.user.id))) throw new AppError('ACCESS_REVIEW_ITEM_DECIDED', [{ field: 'itemId', value: itemId }]);
  await insertActorEvent(
    useCase.tx,
    useCase,
    decision === 'revoked' ? 'access_review.item_revoked' : 'access_review.item_confirmed',
    { type: 'access_review_item', id: itemId },
    { reviewId, kind: item.kind, subjectId: item.subjectId, holder: item.holder, privilege: item.privilege, ...(effect ? { effect } : {}) },
  );
  if ((await countUndecided(useCase.tx, reviewId)) === 0) await complete(useCase, reviewId);
  const decided = await findReviewItem(useCase.tx, reviewId, itemId);
  const summary = await summaryOf(useCase, reviewId);
  return { item: itemView(decided!, summary), review: summaryView(summary) };
}
