import { z } from 'zod';
import type { FileKind } from '../library/library.contract.js';

/** Where a comment applies: a course's slide or item, a moment of a video or audio, a PDF page, a region of an image (fractions of its size), or the whole file. */
export const commentAnchor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slide'), slide: z.string().trim().min(1).max(200), title: z.string().trim().max(200).optional() }),
  z.object({ kind: z.literal('time'), seconds: z.number().min(0).max(100 * 3600) }),
  z.object({ kind: z.literal('page'), page: z.number().int().min(1).max(100_000) }),
  z.object({
    kind: z.literal('region'),
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    width: z.number().min(0).max(1),
    height: z.number().min(0).max(1),
  }),
  z.object({ kind: z.literal('file') }),
]);
export type CommentAnchor = z.infer<typeof commentAnchor>;

/** Which anchors fit which files: a moment of a video, a page of a PDF, a region of an image, a slide of a course. */
export const ANCHORS_OF: Record<FileKind, CommentAnchor['kind'][]> = {
  video: ['time', 'file'],
  audio: ['time', 'file'],
  pdf: ['page', 'file'],
  image: ['region', 'file'],
  course: ['slide', 'file'],
  office: ['page', 'file'],
  other: ['file'],
};

const body = z.string().trim().min(1).max(5000);
/** Members to notify by e-mail (the web app offers them when one types @). */
const mentions = z.array(z.uuid()).max(20).default([]);

export const MAX_ATTACHMENTS_PER_COMMENT = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** The picture types an attachment may be: what every browser shows, and nothing that runs script (no SVG). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** Pictures uploaded for the comment before (POST …/attachments), at most 5. */
const attachments = z.array(z.uuid()).max(MAX_ATTACHMENTS_PER_COMMENT).default([]);

export const createCommentInput = z.object({
  body,
  attachments,
  anchor: commentAnchor.default({ kind: 'file' }),
  /** The version commented on; omitted: the current one. */
  version: z.number().int().min(1).optional(),
  mentions,
});
export type CreateCommentInput = z.input<typeof createCommentInput>;

export const replyInput = z.object({ body, mentions, attachments });
export const commentStatusInput = z.object({ status: z.enum(['resolved', 'reopened']) });

export const commentListQuery = z.object({
  status: z.enum(['open', 'resolved', 'reopened']).optional(),
  authorId: z.uuid().optional(),
  version: z.coerce.number().int().min(1).optional(),
});

export const attachmentView = z.object({ id: z.uuid(), name: z.string(), mediaType: z.string(), size: z.number().int() });
export type AttachmentView = z.infer<typeof attachmentView>;

const commentFields = {
  id: z.uuid(),
  attachments: z.array(attachmentView),
  /** A member, or a guest reviewer (`guest`) who wrote through their personal link. */
  author: z.object({ id: z.uuid(), name: z.string(), guest: z.boolean() }),
  body: z.string(),
  createdAt: z.string(),
  mentions: z.array(z.uuid()),
};

export const threadView = z.object({
  ...commentFields,
  version: z.number().int(),
  /** Made on a version older than the file's current one. */
  onOlderVersion: z.boolean(),
  anchor: commentAnchor,
  status: z.enum(['open', 'resolved', 'reopened']),
  replies: z.array(z.object(commentFields)),
});
export type ThreadView = z.infer<typeof threadView>;
export const threadListView = z.object({ threads: z.array(threadView), currentVersion: z.number().int().nullable() });

/** A reviewer without an account: asked at this address, which their personal link proves. */
export const guestReviewerInput = z.object({
  email: z.string().trim().max(254).pipe(z.email()).transform((value) => value.toLowerCase()),
  /** How the team sees the guest in the threads; omitted: the address. */
  name: z.string().trim().max(200).optional(),
});

export const createReviewRequestInput = z.object({
  /** Members (at least one member or guest). */
  reviewers: z.array(z.uuid()).max(50).default([]),
  guests: z.array(guestReviewerInput).max(20).default([]),
  dueAt: z.iso.datetime({ offset: true }),
  message: z.string().trim().max(2000).default(''),
  /** The version to review; omitted: the current one. */
  version: z.number().int().min(1).optional(),
});
export type CreateReviewRequestInput = z.input<typeof createReviewRequestInput>;

export const reviewRequestView = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  /** The file's name (as it is now). */
  itemName: z.string(),
  version: z.number().int(),
  requestedBy: z.uuid(),
  requestedByName: z.string(),
  message: z.string(),
  dueAt: z.string(),
  createdAt: z.string(),
  reviewers: z.array(z.object({ id: z.uuid(), name: z.string(), guest: z.boolean(), doneAt: z.string().nullable() })),
});
export type ReviewRequestView = z.infer<typeof reviewRequestView>;
export const reviewRequestListView = z.object({ requests: z.array(reviewRequestView) });

/** A guest's new comment, as the review page's form posts it: the moment as m:ss or seconds, or a page. */
export const guestCommentForm = z.object({
  body,
  at: z.string().trim().max(12).optional(),
  page: z.string().trim().max(6).optional(),
});
export const guestReplyForm = z.object({ body });
