import type { ApiClient } from '../../shared/api';
import type { AttachmentView, CreateCommentInput, CreateReviewRequestInput, ReviewRequestView, ThreadView } from '../../../../src/space/review/review.contract';
export { ATTACHMENT_TYPES, MAX_ATTACHMENTS_PER_COMMENT } from '../../../../src/space/review/review.contract';
import { ITEMS_KEY, SPACE_KEY } from '../space.api';

export type { AttachmentView, CreateCommentInput, CreateReviewRequestInput, ReviewRequestView, ThreadView };
export type ReplyView = ThreadView['replies'][number];
export type ThreadStatus = ThreadView['status'];

const item = (id: string) => `/api/space/items/${encodeURIComponent(id)}`;

/** A file's comment threads, whatever the filters (refreshed together after a change). */
export const commentsKey = (itemId: string) => [...ITEMS_KEY, itemId, 'comments'] as const;
export const reviewRequestsKey = (itemId: string) => [...ITEMS_KEY, itemId, 'review-requests'] as const;
export const MY_REVIEWS_KEY = [...SPACE_KEY, 'review-requests', 'mine'] as const;

/** `query` from anchors.ts's commentQuery. */
export function fetchThreads(api: ApiClient, itemId: string, query: string, signal?: AbortSignal): Promise<{ threads: ThreadView[]; currentVersion: number | null }> {
  return api.get(`${item(itemId)}/comments${query ? `?${query}` : ''}`, { signal });
}

/** The address of the threads as CSV or as a PDF report (the same filters). */
export function commentsExportUrl(itemId: string, query: string, format: 'csv' | 'pdf'): string {
  return `${item(itemId)}/comments.${format}${query ? `?${query}` : ''}`;
}

export function addComment(api: ApiClient, itemId: string, body: CreateCommentInput): Promise<ThreadView> {
  return api.post<ThreadView>(`${item(itemId)}/comments`, body);
}

export function replyTo(api: ApiClient, threadId: string, body: { body: string; mentions: string[]; attachments: string[] }): Promise<ReplyView> {
  return api.post<ReplyView>(`/api/space/comments/${encodeURIComponent(threadId)}/replies`, body);
}

/** Uploads a picture for a comment on the file; the comment names its id. */
export function uploadAttachment(api: ApiClient, itemId: string, file: File): Promise<AttachmentView> {
  return api.postRaw<AttachmentView>(`${item(itemId)}/attachments?name=${encodeURIComponent(file.name)}`, { raw: file, contentType: 'application/octet-stream' });
}

export function attachmentUrl(attachmentId: string): string {
  return `/api/space/attachments/${encodeURIComponent(attachmentId)}`;
}

export function setThreadStatus(api: ApiClient, threadId: string, status: 'resolved' | 'reopened'): Promise<{ id: string; status: ThreadStatus }> {
  return api.post(`/api/space/comments/${encodeURIComponent(threadId)}/status`, { status });
}

export function requestReview(api: ApiClient, itemId: string, body: CreateReviewRequestInput): Promise<ReviewRequestView> {
  return api.post<ReviewRequestView>(`${item(itemId)}/review-requests`, body);
}

export function fetchReviewRequests(api: ApiClient, itemId: string, signal?: AbortSignal): Promise<ReviewRequestView[]> {
  return api.get<{ requests: ReviewRequestView[] }>(`${item(itemId)}/review-requests`, { signal }).then((answer) => answer.requests);
}

/** The requests waiting for the signed-in member, soonest due first. */
export function fetchMyReviews(api: ApiClient, signal?: AbortSignal): Promise<ReviewRequestView[]> {
  return api.get<{ requests: ReviewRequestView[] }>('/api/space/review-requests/mine', { signal }).then((answer) => answer.requests);
}

/** Takes a guest off a request (their link closes; their comments stay). */
export function removeGuest(api: ApiClient, requestId: string, guestId: string): Promise<void> {
  return api.delete(`/api/space/review-requests/${encodeURIComponent(requestId)}/guests/${encodeURIComponent(guestId)}`);
}

/** Mails a guest their link again (at most once a minute). */
export function resendGuestLink(api: ApiClient, requestId: string, guestId: string): Promise<void> {
  return api.post(`/api/space/review-requests/${encodeURIComponent(requestId)}/guests/${encodeURIComponent(guestId)}/resend`);
}

export function finishReview(api: ApiClient, requestId: string): Promise<ReviewRequestView> {
  return api.post<ReviewRequestView>(`/api/space/review-requests/${encodeURIComponent(requestId)}/done`);
}
