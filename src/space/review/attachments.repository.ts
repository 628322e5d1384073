import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { spaceCommentAttachments } from './review.schema.js';

export interface AttachmentRecord {
  id: string;
  itemId: string;
  commentId: string | null;
  uploadedBy: string;
  fileName: string;
  mediaType: string;
  size: number;
  blobHash: string;
}

const columns = {
  id: spaceCommentAttachments.id,
  itemId: spaceCommentAttachments.itemId,
  commentId: spaceCommentAttachments.commentId,
  uploadedBy: spaceCommentAttachments.uploadedBy,
  fileName: spaceCommentAttachments.fileName,
  mediaType: spaceCommentAttachments.mediaType,
  size: spaceCommentAttachments.size,
  blobHash: spaceCommentAttachments.blobHash,
};

export async function insertAttachment(tx: Orm, values: Omit<AttachmentRecord, 'id' | 'commentId'>): Promise<AttachmentRecord> {
  const [row] = await tx.insert(spaceCommentAttachments).values(values).returning(columns);
  if (!row) throw new Error('insert into space_comment_attachments returned no row');
  return row;
}

export async function findAttachment(tx: Orm, id: string): Promise<AttachmentRecord | undefined> {
  const [row] = await tx.select(columns).from(spaceCommentAttachments).where(eq(spaceCommentAttachments.id, id));
  return row;
}

/** Gives a comment the uploader's own attachments of that file not yet on a comment; the ids it took. */
export async function claimAttachments(tx: Orm, commentId: string, ids: readonly string[], owner: { itemId: string; uploadedBy: string }): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .update(spaceCommentAttachments)
    .set({ commentId })
    .where(
      and(
        inArray(spaceCommentAttachments.id, [...ids]),
        eq(spaceCommentAttachments.itemId, owner.itemId),
        eq(spaceCommentAttachments.uploadedBy, owner.uploadedBy),
        isNull(spaceCommentAttachments.commentId),
      ),
    )
    .returning({ id: spaceCommentAttachments.id });
  return rows.map((row) => row.id);
}

/** The attachments of comments, oldest first. */
export async function attachmentsOf(tx: Orm, commentIds: readonly string[]): Promise<AttachmentRecord[]> {
  if (commentIds.length === 0) return [];
  return tx
    .select(columns)
    .from(spaceCommentAttachments)
    .where(inArray(spaceCommentAttachments.commentId, [...commentIds]))
    .orderBy(spaceCommentAttachments.createdAt, spaceCommentAttachments.id);
}

/** Removes attachments uploaded before `before` that no comment took; how many. */
export async function deleteUnclaimedAttachments(tx: Orm, before: Date): Promise<number> {
  const rows = await tx
    .delete(spaceCommentAttachments)
    .where(and(isNull(spaceCommentAttachments.commentId), lt(spaceCommentAttachments.createdAt, before)))
    .returning({ id: spaceCommentAttachments.id });
  return rows.length;
}
