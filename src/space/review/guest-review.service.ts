import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { UseCase } from '../../platform/access/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, type Language } from '../../platform/http/index.js';
import { insertActorEvent } from '../../platform/audit/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { assertSpaceCan, spaceCan } from '../space.policy.js';
import { itemFor, libraryAccessOf } from '../library/item-access.js';
import { secretBox } from '../../platform/secrets/index.js';
import { findItem, findVersion, versionChunks, type ChunkRecord, type ItemRecord, type VersionRecord } from '../library/items.repository.js';
import { findAttachment, type AttachmentRecord } from './attachments.repository.js';
import { findGuestByTokenHash, findGuestOfRequest, guestRemindersDue, insertGuestReviewers, markGuestDone, markGuestReminded, markGuestRemoved, markGuestResent, type GuestReviewerRow } from './guest-reviewers.repository.js';
import { visitorRenditionOf } from '../library/items.service.js';
import { reviewRequestMail } from './review-mail.js';
import { findReviewRequest, type ReviewRequestRow } from './review-requests.repository.js';
import { ANCHORS_OF, guestCommentForm, guestReplyForm, type CommentAnchor } from './review.contract.js';
import { findComment, insertComment, listThreads } from './review.repository.js';
import type { Thread } from './review.service.js';

const SEAL_CONTEXT = 'space-guest-review';
/** A guest's link works until this long after the request's due date (late reviews are still welcome). */
export const GUEST_LINK_GRACE_MS = 30 * 24 * 60 * 60 * 1000;

const hashGuestToken = (token: string) => createHash('sha256').update(token).digest('hex');
const notFound = () => new AppError('SPACE_GUEST_REVIEW_NOT_FOUND');
const guestLinkOf = (siteUrl: string, token: string) => `${siteUrl}/r/${token}`;
/** A guest's link is mailed again at most this often (no flooding a mailbox through the button). */
const GUEST_RESEND_MS = 60_000;

export interface GuestInvite {
  email: string;
  name?: string | undefined;
}

/**
 * Asks guests without an account to review: each gets a personal link by mail. The link is the
 * proof of the address: only whoever reads that mailbox has it, and everything done through it is
 * done as that guest.
 */
export async function inviteGuestReviewers(
  useCase: UseCase,
  request: ReviewRequestRow,
  item: ItemRecord,
  guests: GuestInvite[],
  mailing: { siteUrl: string; language: Language },
): Promise<GuestReviewerRow[]> {
  const unique = [...new Map(guests.map((guest) => [guest.email, guest])).values()];
  const withTokens = unique.map((guest) => ({ guest, token: randomBytes(24).toString('base64url') }));
  const rows = await insertGuestReviewers(
    useCase.tx,
    withTokens.map(({ guest, token }) => ({
      requestId: request.id,
      email: guest.email,
      name: guest.name || guest.email,
      language: mailing.language,
      tokenHash: hashGuestToken(token),
      tokenSealed: secretBox().seal(token, SEAL_CONTEXT),
    })),
  );
  const requester = `${useCase.user.firstName} ${useCase.user.lastName}`.trim();
  for (const { guest, token } of withTokens) {
    const mail = reviewRequestMail(mailing.language, {
      firstName: guest.name || guest.email,
      requester,
      fileName: item.name,
      message: request.message,
      dueAt: request.dueAt,
      link: guestLinkOf(mailing.siteUrl, token),
      siteName: useCase.tenant.name,
      reminder: false,
    });
    await enqueueRenderedMail(useCase.tx, { to: guest.email, template: 'space.review_request_guest', ...mail });
  }
  return rows;
}

/** The request and the guest on it that a member who may edit the file (or who asked) manages. */
async function managedGuest(useCase: UseCase, requestId: string, guestId: string): Promise<{ request: ReviewRequestRow; item: ItemRecord; guest: GuestReviewerRow }> {
  const request = await findReviewRequest(useCase.tx, requestId);
  const access = await libraryAccessOf(useCase);
  const reached = request ? await itemFor(useCase, access, request.itemId, 'view').catch(() => null) : null;
  if (!request || !reached) throw new AppError('SPACE_REVIEW_REQUEST_NOT_FOUND', [{ field: 'id', value: requestId }]);
  if (request.requestedBy !== useCase.user.id && !spaceCan(reached.role, 'edit')) assertSpaceCan(null, 'edit');
  const guest = await findGuestOfRequest(useCase.tx, requestId, guestId);
  if (!guest) throw new AppError('SPACE_GUEST_NOT_ON_REQUEST', [{ field: 'guestId', value: guestId }]);
  return { request, item: reached.item, guest };
}

/** Takes a guest off a request: their link opens nothing more at once; what they wrote stays, marked as a guest's. */
export async function removeGuestReviewer(useCase: UseCase, requestId: string, guestId: string): Promise<void> {
  const { guest, item } = await managedGuest(useCase, requestId, guestId);
  await markGuestRemoved(useCase.tx, guest.id);
  await insertActorEvent(useCase.tx, useCase, 'space.guest_reviewer_removed', { type: 'space_item', id: item.id }, { requestId, guestId, email: guest.email });
}

/** Mails a guest their link again (a lost or deleted mail): the same link, at most once a minute. */
export async function resendGuestLink(useCase: UseCase, requestId: string, guestId: string, siteUrl: string): Promise<void> {
  const { request, item, guest } = await managedGuest(useCase, requestId, guestId);
  const last = guest.resentAt ?? guest.createdAt;
  if (Date.now() - last.getTime() < GUEST_RESEND_MS) throw new AppError('SPACE_GUEST_LINK_SENT_RECENTLY', [{ field: 'guestId', value: guestId }]);
  const token = secretBox().open(guest.tokenSealed, SEAL_CONTEXT);
  const requester = `${useCase.user.firstName} ${useCase.user.lastName}`.trim();
  const mail = reviewRequestMail(guest.language, { firstName: guest.name, requester, fileName: item.name, message: request.message, dueAt: request.dueAt, link: guestLinkOf(siteUrl, token), siteName: useCase.tenant.name, reminder: false });
  await enqueueRenderedMail(useCase.tx, { to: guest.email, template: 'space.review_request_guest', ...mail });
  await markGuestResent(useCase.tx, guest.id);
}

export interface GuestReview {
  guest: GuestReviewerRow;
  request: ReviewRequestRow;
  item: ItemRecord;
  /** The file's current version: the one the guest sees and comments on. */
  version: VersionRecord;
  /** An Office file's PDF rendition (uploaded beside it), shown instead, unless it is restricted. */
  rendition: ItemRecord | null;
}

/** The guest behind a link, or one refusal for unknown links, links past their time and files gone to the trash. */
async function guestReviewOf(db: Db, tenantId: string, token: string): Promise<GuestReview> {
  return db.withTenant(tenantId, async (tx) => {
    const guest = await findGuestByTokenHash(tx, hashGuestToken(token));
    const request = guest ? await findReviewRequest(tx, guest.requestId) : undefined;
    const item = request ? await findItem(tx, request.itemId) : undefined;
    const version = item?.currentVersion ? await findVersion(tx, item.id, item.currentVersion) : undefined;
    if (!guest || guest.removedAt || !request || !item || !version || item.trashedAt || request.dueAt.getTime() + GUEST_LINK_GRACE_MS <= Date.now()) throw notFound();
    return { guest, request, item, version, rendition: await visitorRenditionOf(tx, item) };
  });
}

export async function openGuestReview(db: Db, tenantId: string, token: string): Promise<GuestReview & { threads: Thread[] }> {
  const review = await guestReviewOf(db, tenantId, token);
  const { threads, replies } = await db.withTenant(tenantId, (tx) => listThreads(tx, review.item.id, {}));
  return { ...review, threads: threads.map((first) => ({ first, replies: replies.filter((reply) => reply.threadId === first.id) })) };
}

/** The bytes the guest reviews: the file's current version, or with `rendition` its PDF rendition's. */
export async function guestContent(db: Db, tenantId: string, token: string, options: { rendition: boolean } = { rendition: false }): Promise<{ version: VersionRecord; chunks: ChunkRecord[] }> {
  const review = await guestReviewOf(db, tenantId, token);
  return db.withTenant(tenantId, async (tx) => {
    const rendition = options.rendition && review.rendition?.currentVersion ? await findVersion(tx, review.rendition.id, review.rendition.currentVersion) : undefined;
    if (options.rendition && !rendition) throw notFound();
    const version = rendition ?? review.version;
    return { version, chunks: await versionChunks(tx, version.id) };
  });
}

/** A picture on a comment of the file the guest reviews (none of another file's, none not yet on a comment). */
export async function guestAttachment(db: Db, tenantId: string, token: string, attachmentId: string): Promise<AttachmentRecord> {
  const review = await guestReviewOf(db, tenantId, token);
  const attachment = await db.withTenant(tenantId, (tx) => findAttachment(tx, attachmentId));
  if (!attachment || attachment.commentId === null || attachment.itemId !== review.item.id) throw new AppError('SPACE_ATTACHMENT_NOT_FOUND', [{ field: 'id', value: attachmentId }]);
  return attachment;
}

/** `m:ss`, `h:mm:ss` or plain seconds. */
function secondsOf(text: string): number | null {
  if (!/^\d{1,6}(:\d{1,2}){0,2}$/.test(text)) return null;
  const parts = text.split(':').map(Number);
  if (parts.slice(1).some((part) => part >= 60)) return null;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** Where the form's comment applies: at a moment of a video or audio, on a page of a PDF, or the whole file. */
function anchorOf(version: VersionRecord, at: string | undefined, page: string | undefined): CommentAnchor {
  const fits = ANCHORS_OF[version.fileKind];
  if (at && fits.includes('time')) {
    const seconds = secondsOf(at);
    if (seconds === null || seconds > 100 * 3600) throw new AppError('SPACE_GUEST_TIME_INVALID', [{ field: 'at', value: at }]);
    return { kind: 'time', seconds };
  }
  if (page && fits.includes('page')) {
    const number = /^\d{1,6}$/.test(page) ? Number(page) : 0;
    if (number < 1) throw new AppError('SPACE_GUEST_PAGE_INVALID', [{ field: 'page', value: page }]);
    return { kind: 'page', page: number };
  }
  return { kind: 'file' };
}

/** A form's fields, or the refusal a page can show at the field (a form has no JSON error body). */
function formOf<T>(schema: z.ZodType<T>, form: unknown): T {
  const parsed = schema.safeParse(form);
  if (parsed.success) return parsed.data;
  const field = parsed.error.issues[0]?.path[0];
  throw new AppError('SPACE_GUEST_COMMENT_INVALID', [{ field: typeof field === 'string' ? field : 'body', value: '' }]);
}

/** A guest's comment on the current version: its author is the link's guest, whatever the form says. */
export async function addGuestComment(db: Db, tenantId: string, token: string, form: unknown): Promise<string> {
  const input = formOf(guestCommentForm, form);
  const review = await guestReviewOf(db, tenantId, token);
  const anchor = anchorOf(review.version, input.at || undefined, input.page || undefined);
  return db.withTenant(tenantId, (tx) => insertComment(tx, { itemId: review.item.id, version: review.version.number, threadId: null, author: { guestId: review.guest.id }, body: input.body, anchor, mentions: [] }));
}

/** A guest's reply in a thread of the same file. */
export async function addGuestReply(db: Db, tenantId: string, token: string, threadId: string, form: unknown): Promise<string> {
  const input = formOf(guestReplyForm, form);
  const review = await guestReviewOf(db, tenantId, token);
  return db.withTenant(tenantId, async (tx) => {
    const root = await findComment(tx, threadId);
    if (!root || root.threadId !== null || root.itemId !== review.item.id) throw new AppError('SPACE_COMMENT_NOT_FOUND', [{ field: 'threadId', value: threadId }]);
    return insertComment(tx, { itemId: root.itemId, version: root.version, threadId: root.id, author: { guestId: review.guest.id }, body: input.body, anchor: root.anchor, mentions: [] });
  });
}

export async function finishGuestReview(db: Db, tenantId: string, token: string): Promise<void> {
  const review = await guestReviewOf(db, tenantId, token);
  await db.withTenant(tenantId, (tx) => markGuestDone(tx, review.guest.id));
}

/** Reminds guests who are not done, once, a day before the due date, with their link again. */
export async function sendGuestReminders(db: Db, tenant: { id: string; name: string }, siteUrl: string, now: Date, until: Date): Promise<number> {
  return db.withTenant(tenant.id, async (tx) => {
    const due = await guestRemindersDue(tx, now, until);
    for (const { guest, dueAt, itemName } of due) {
      const token = secretBox().open(guest.tokenSealed, SEAL_CONTEXT);
      const mail = reviewRequestMail(guest.language, { firstName: guest.name, requester: '', fileName: itemName, message: '', dueAt, link: guestLinkOf(siteUrl, token), siteName: tenant.name, reminder: true });
      await enqueueRenderedMail(tx, { to: guest.email, template: 'space.review_reminder_guest', ...mail });
      await markGuestReminded(tx, guest.id);
    }
    return due.length;
  });
}
