import type { FastifyReply } from 'fastify';
import type { UseCase } from '../../platform/access/index.js';
import type { AreaDeps } from '../../platform/modules/index.js';
import { sendStoredPicture } from '../library/send-file.js';
import type { Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { BlobStore } from '../../platform/storage/index.js';
import { itemFor, libraryAccessOf } from '../library/item-access.js';
import { sniffHead } from '../library/file-kind.js';
import { assertQuota } from '../library/items.service.js';
import { claimAttachments, findAttachment, insertAttachment, type AttachmentRecord } from './attachments.repository.js';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, type AttachmentView } from './review.contract.js';

/**
 * Pictures on comments (screenshots): uploaded first by a member who may comment on the file,
 * then named by the comment or reply. Only PNG, JPEG, GIF and WebP, as their bytes prove (the
 * name and the type the browser sends count for nothing), up to 10 MB, within the Space's quota.
 */

/** The name kept for an attachment: what was sent, without a path, or a plain one. */
function attachmentName(raw: string | undefined, mediaType: string): string {
  // eslint-disable-next-line no-control-regex -- a name shown in headers and pages carries no control characters
  const base = (raw ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base || `screenshot.${mediaType.slice('image/'.length)}`;
}

/** The picture's type, as its bytes prove it; refuses anything but PNG, JPEG, GIF and WebP, and more than 10 MB. */
export async function pictureTypeOf(bytes: Buffer): Promise<string> {
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('SPACE_ATTACHMENT_TOO_LARGE', [{ field: 'file', value: String(bytes.length) }]);
  const mediaType = (await sniffHead(bytes.subarray(0, 4100)).catch(() => null))?.mediaType;
  if (!mediaType || !(ATTACHMENT_TYPES as readonly string[]).includes(mediaType)) throw new AppError('SPACE_ATTACHMENT_NOT_AN_IMAGE', [{ field: 'file', value: mediaType ?? 'unknown' }]);
  return mediaType;
}

/** Whether the member may add a picture of `size` bytes to the file's comments (asked before the bytes are stored, and again with the row). */
export async function assertMayAttach(useCase: UseCase, itemId: string, size: number): Promise<void> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, itemId, 'comment');
  if (item.kind !== 'file') throw new AppError('SPACE_NOT_A_FILE', [{ field: 'id', value: itemId }]);
  await assertQuota(useCase, size, 'file');
}

/**
 * Uploads a picture for a comment: checked, then stored as a blob outside any transaction (the
 * store may write to the database itself), then recorded if the member still may. A blob whose
 * row never commits is removed by the store's collector.
 */
export async function uploadAttachment(
  run: <T>(work: (useCase: UseCase) => Promise<T>) => Promise<T>,
  storage: BlobStore,
  tenantId: string,
  itemId: string,
  bytes: Buffer,
  rawName: string | undefined,
): Promise<AttachmentRecord> {
  const mediaType = await pictureTypeOf(bytes);
  await run((useCase) => assertMayAttach(useCase, itemId, bytes.length));
  const blob = await storage.put(tenantId, bytes, { maxBytes: MAX_ATTACHMENT_BYTES });
  return run(async (useCase) => {
    await assertMayAttach(useCase, itemId, bytes.length);
    return insertAttachment(useCase.tx, { itemId, uploadedBy: useCase.user.id, fileName: attachmentName(rawName, mediaType), mediaType, size: bytes.length, blobHash: blob.hash });
  });
}

/** Puts the member's attachments named by a new comment on it; refuses the comment if any is not theirs, of another file, or taken. */
export async function attachToComment(tx: Orm, commentId: string, ids: readonly string[], owner: { itemId: string; uploadedBy: string }): Promise<void> {
  const unique = [...new Set(ids)];
  const taken = await claimAttachments(tx, commentId, unique, owner);
  const missing = unique.findIndex((id) => !taken.includes(id));
  if (missing >= 0) throw new AppError('SPACE_ATTACHMENT_NOT_FOUND', [{ field: `attachments.${ids.indexOf(unique[missing]!)}`, value: unique[missing]! }]);
}

export function attachmentViewOf(attachment: AttachmentRecord): AttachmentView {
  return { id: attachment.id, name: attachment.fileName, mediaType: attachment.mediaType, size: attachment.size };
}

/** A picture's bytes, to a member or to a guest reviewer (each checked before). */
export function sendAttachment(deps: Pick<AreaDeps, 'storage'>, tenantId: string, reply: FastifyReply, attachment: AttachmentRecord): Promise<FastifyReply> {
  return sendStoredPicture(deps, tenantId, reply, { blobHash: attachment.blobHash, mediaType: attachment.mediaType, fileName: attachment.fileName, size: attachment.size, maxAgeSeconds: 3600 });
}

/** An attachment the member may see: one on a comment of a file they may see, or their own not yet on one. */
export async function attachmentFor(useCase: UseCase, id: string): Promise<AttachmentRecord> {
  const attachment = await findAttachment(useCase.tx, id);
  const notFound = () => new AppError('SPACE_ATTACHMENT_NOT_FOUND', [{ field: 'id', value: id }]);
  if (!attachment || (attachment.commentId === null && attachment.uploadedBy !== useCase.user.id)) throw notFound();
  const access = await libraryAccessOf(useCase);
  await itemFor(useCase, access, attachment.itemId, 'view').catch(() => {
    throw notFound();
  });
  return attachment;
}
