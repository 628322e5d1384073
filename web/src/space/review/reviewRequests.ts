// What the review-request views work out, free of React so it can be unit-tested in Node.
import type { CreateReviewRequestInput, ReviewRequestView } from '../../../../src/space/review/review.contract';
import { dueAtFromDateInput } from '../../admin/enrolments/dueDate';

/** How many of the request's reviewers said they are done. */
export function reviewProgress(request: Pick<ReviewRequestView, 'reviewers'>): { done: number; total: number } {
  return { done: request.reviewers.filter((reviewer) => reviewer.doneAt !== null).length, total: request.reviewers.length };
}

/** Whether `userId` is asked to review and has not said they are done. */
export function waitsFor(request: Pick<ReviewRequestView, 'reviewers'>, userId: string): boolean {
  return request.reviewers.some((reviewer) => reviewer.id === userId && reviewer.doneAt === null);
}

/** Past its due date while somebody is still reviewing. */
export function isOverdue(request: Pick<ReviewRequestView, 'reviewers' | 'dueAt'>, now: Date = new Date()): boolean {
  const { done, total } = reviewProgress(request);
  return done < total && new Date(request.dueAt).getTime() < now.getTime();
}

/** A member's name, or a guest reviewer's marked as a guest's. */
export function guestMarked(person: { name: string; guest: boolean }, t: (key: 'space.reviews.guestName', options: { name: string }) => string): string {
  return person.guest ? t('space.reviews.guestName', { name: person.name }) : person.name;
}

/** The review-request form as the user fills it in. */
export interface ReviewForm {
  reviewers: string[];
  /** E-mail addresses of reviewers without an account. */
  guests: string[];
  /** A local day (YYYY-MM-DD). */
  dueOn: string;
  message: string;
}

/** What the form lacks before it can be sent (the server would refuse the same). */
export function missingOf(form: ReviewForm): { reviewers: boolean; dueOn: boolean } {
  return { reviewers: form.reviewers.length === 0 && guestsOf(form.guests).length === 0, dueOn: dueAtFromDateInput(form.dueOn) === null };
}

const guestsOf = (typed: readonly string[]) => typed.map((email) => email.trim()).filter((email) => email !== '');

/** The request body: due at the end of the chosen local day. */
export function reviewInputOf(form: ReviewForm): CreateReviewRequestInput {
  return { reviewers: form.reviewers, guests: guestsOf(form.guests).map((email) => ({ email })), dueAt: dueAtFromDateInput(form.dueOn) ?? '', message: form.message.trim() };
}

/** The local day a week from `now`, for the due date's first value. */
export function inAWeek(now: Date = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(day.getFullYear())}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
