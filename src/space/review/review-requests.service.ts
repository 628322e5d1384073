import type { UseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, type Language } from '../../platform/http/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { spaceCan } from '../space.policy.js';
import { itemFor, libraryAccessOf, libraryAccessOfUser, roleOn } from '../library/item-access.js';
import { findVersion } from '../library/items.repository.js';
import { inviteGuestReviewers, sendGuestReminders } from './guest-review.service.js';
import { guestReviewersOf } from './guest-reviewers.repository.js';
import { reviewRequestMail } from './review-mail.js';
import { createReviewRequestInput, type CreateReviewRequestInput } from './review.contract.js';
import { mentionedUsers } from './review.repository.js';
import { findReviewRequest, insertReviewRequest, listReviewRequests, markReminded, markReviewDone, openRequestsOf, remindersDue, requestNamesOf, reviewersOf, type ReviewerRow, type ReviewRequestRow } from './review-requests.repository.js';

/** A member or a guest asked to review, and when they said they were done. */
export interface Reviewer {
  id: string;
  name: string;
  guest: boolean;
  doneAt: Date | null;
}

export interface ReviewRequest {
  request: ReviewRequestRow;
  reviewers: Reviewer[];
  itemName: string;
  requestedByName: string;
}

/** How long before the due date reviewers who are not done are reminded. */
export const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;

async function withReviewers(useCase: UseCase, requests: ReviewRequestRow[]): Promise<ReviewRequest[]> {
  const ids = requests.map((r) => r.id);
  const members: (Reviewer & { requestId: string })[] = (await reviewersOf(useCase.tx, ids)).map((r: ReviewerRow) => ({ requestId: r.requestId, id: r.userId, name: `${r.firstName} ${r.lastName}`.trim(), guest: false, doneAt: r.doneAt }));
  const guests = (await guestReviewersOf(useCase.tx, ids)).map((g) => ({ requestId: g.requestId, id: g.id, name: g.name, guest: true, doneAt: g.doneAt }));
  const reviewers = [...members, ...guests];
  const names = new Map((await requestNamesOf(useCase.tx, ids)).map((row) => [row.requestId, row]));
  return requests.map((request) => {
    const named = names.get(request.id);
    return {
      request,
      reviewers: reviewers.filter((r) => r.requestId === request.id).map(({ requestId: _, ...reviewer }) => reviewer),
      itemName: named?.itemName ?? '',
      requestedByName: named ? `${named.requesterFirstName} ${named.requesterLastName}`.trim() : '',
    };
  });
}

/**
 * Asks members and guests to review a version of a file by a date (whoever may edit the file may
 * ask). Each member must be able to see the file, and gets a mail in their language with the
 * request; each guest gets a personal link in the requester's language.
 */
export async function requestReview(useCase: UseCase, itemId: string, unchecked: CreateReviewRequestInput, mailing: { siteUrl: string; language: Language }): Promise<ReviewRequest> {
  const input = createReviewRequestInput.parse(unchecked);
  const { siteUrl } = mailing;
  if (input.reviewers.length + input.guests.length === 0) throw new AppError('SPACE_REVIEW_NO_REVIEWERS', [{ field: 'reviewers', value: '' }]);
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, itemId, 'edit');
  if (item.kind !== 'file') throw new AppError('SPACE_NOT_A_FILE', [{ field: 'id', value: itemId }]);
  const dueAt = new Date(input.dueAt);
  if (dueAt.getTime() <= Date.now()) throw new AppError('SPACE_REVIEW_DUE_PAST', [{ field: 'dueAt', value: input.dueAt }]);
  const number = input.version ?? item.currentVersion!;
  if (!(await findVersion(useCase.tx, itemId, number))) throw new AppError('SPACE_VERSION_NOT_FOUND', [{ field: 'version', value: String(number) }]);
  const wanted = [...new Set(input.reviewers)];
  const people = await mentionedUsers(useCase.tx, wanted);
  for (const [index, id] of wanted.entries()) {
    const person = people.find((p) => p.id === id);
    const theirs = person ? await libraryAccessOfUser(useCase.tx, person) : null;
    if (!person || !theirs || !spaceCan(roleOn(theirs, item), 'comment')) throw new AppError('SPACE_REVIEWER_UNKNOWN', [{ field: `reviewers.${index}`, value: id }]);
  }
  const request = await insertReviewRequest(useCase.tx, { itemId, version: number, requestedBy: useCase.user.id, message: input.message, dueAt }, wanted);
  const requester = `${useCase.user.firstName} ${useCase.user.lastName}`.trim();
  for (const person of people) {
    const mail = reviewRequestMail(person.language === 'de' ? 'de' : 'en', { firstName: person.firstName, requester, fileName: item.name, message: input.message, dueAt, link: `${siteUrl}/space/items/${item.id}`, siteName: useCase.tenant.name, reminder: false });
    await enqueueRenderedMail(useCase.tx, { to: person.email, userId: person.id, template: 'space.review_request', ...mail });
  }
  await inviteGuestReviewers(useCase, request, item, input.guests, mailing);
  return (await withReviewers(useCase, [request]))[0]!;
}

export async function reviewRequestsOf(useCase: UseCase, itemId: string): Promise<ReviewRequest[]> {
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, itemId, 'view');
  return withReviewers(useCase, await listReviewRequests(useCase.tx, itemId));
}

/** The member's own open review requests, soonest due first (of files they can still see). */
export async function myReviewRequests(useCase: UseCase): Promise<ReviewRequest[]> {
  const access = await libraryAccessOf(useCase);
  const requests: ReviewRequestRow[] = [];
  for (const request of await openRequestsOf(useCase.tx, useCase.user.id)) {
    const visible = await itemFor(useCase, access, request.itemId, 'view').then(
      () => true,
      () => false,
    );
    if (visible) requests.push(request);
  }
  return withReviewers(useCase, requests);
}

/** A reviewer says they are done (once; saying it again changes nothing). */
export async function finishReview(useCase: UseCase, requestId: string): Promise<ReviewRequest> {
  const request = await findReviewRequest(useCase.tx, requestId);
  if (!request || !(await markReviewDone(useCase.tx, requestId, useCase.user.id))) throw new AppError('SPACE_REVIEW_REQUEST_NOT_FOUND', [{ field: 'id', value: requestId }]);
  return (await withReviewers(useCase, [request]))[0]!;
}

/** Reminds reviewers, members and guests, who are not done, once, a day before the due date (the hourly sweep). */
export async function sendReviewReminders(db: Db, tenant: { id: string; name: string }, siteUrl: string, now = new Date()): Promise<number> {
  const guests = await sendGuestReminders(db, tenant, siteUrl, now, new Date(now.getTime() + REMINDER_BEFORE_MS));
  const members = await db.withTenant(tenant.id, async (tx) => {
    const due = await remindersDue(tx, now, new Date(now.getTime() + REMINDER_BEFORE_MS));
    for (const reviewer of due) {
      const mail = reviewRequestMail(reviewer.language === 'de' ? 'de' : 'en', { firstName: reviewer.firstName, requester: '', fileName: reviewer.itemName, message: '', dueAt: reviewer.dueAt, link: `${siteUrl}/space/items/${reviewer.itemId}`, siteName: tenant.name, reminder: true });
      await enqueueRenderedMail(tx, { to: reviewer.email, userId: reviewer.userId, template: 'space.review_reminder', ...mail });
      await markReminded(tx, reviewer.requestId, reviewer.userId);
    }
    return due.length;
  });
  return members + guests;
}
