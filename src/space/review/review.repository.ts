import { attachmentsOf, type AttachmentRecord } from './attachments.repository.js';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../platform/db/index.js';
import { users } from '../../platform/identity/identity.schema.js';
import type { CommentAnchor } from './review.contract.js';
import { spaceComments, spaceGuestReviewers } from './review.schema.js';

// Callers run these inside withTenant(): row-level security limits them to that tenant.

export interface CommentRecord {
  id: string;
  itemId: string;
  version: number;
  threadId: string | null;
  /** The user's id, or the guest reviewer's. */
  authorId: string;
  authorFirstName: string;
  authorLastName: string;
  /** Written by a guest reviewer (through their personal link). */
  byGuest: boolean;
  body: string;
  anchor: CommentAnchor;
  status: 'open' | 'resolved' | 'reopened';
  mentions: string[];
  createdAt: Date;
  /** Its pictures (screenshots), oldest first. */
  attachments: AttachmentRecord[];
}

const columns = {
  id: spaceComments.id,
  itemId: spaceComments.itemId,
  version: spaceComments.version,
  threadId: spaceComments.threadId,
  authorId: sql<string>`coalesce(${spaceComments.authorId}, ${spaceComments.guestAuthorId})`,
  authorFirstName: sql<string>`coalesce(${users.firstName}, ${spaceGuestReviewers.name})`,
  authorLastName: sql<string>`coalesce(${users.lastName}, '')`,
  byGuest: sql<boolean>`${spaceComments.guestAuthorId} is not null`,
  body: spaceComments.body,
  anchor: spaceComments.anchor,
  status: spaceComments.status,
  mentions: spaceComments.mentions,
  createdAt: spaceComments.createdAt,
};

/** The comments with their authors, members or guests. */
const commentsWithAuthors = (tx: Orm) =>
  tx.select(columns).from(spaceComments).leftJoin(users, eq(users.id, spaceComments.authorId)).leftJoin(spaceGuestReviewers, eq(spaceGuestReviewers.id, spaceComments.guestAuthorId));

export async function insertComment(
  tx: Orm,
  input: { itemId: string; version: number; threadId: string | null; author: { userId: string } | { guestId: string }; body: string; anchor: CommentAnchor; mentions: string[] },
): Promise<string> {
  const { author, ...values } = input;
  const [row] = await tx
    .insert(spaceComments)
    .values({ ...values, ...('userId' in author ? { authorId: author.userId } : { guestAuthorId: author.guestId }) })
    .returning({ id: spaceComments.id });
  return row!.id;
}

/** The comments with their attachments. */
async function withAttachments(tx: Orm, rows: Omit<CommentRecord, 'attachments'>[]): Promise<CommentRecord[]> {
  const attachments = await attachmentsOf(tx, rows.map((row) => row.id));
  return rows.map((row) => ({ ...row, attachments: attachments.filter((attachment) => attachment.commentId === row.id) }));
}

export async function findComment(tx: Orm, id: string): Promise<CommentRecord | undefined> {
  const rows = await commentsWithAuthors(tx).where(eq(spaceComments.id, id));
  return (await withAttachments(tx, rows))[0];
}

/** The threads of a file matching the filters (on the first comment), with all their replies, oldest first. */
export async function listThreads(tx: Orm, itemId: string, filter: { status?: string | undefined; authorId?: string | undefined; version?: number | undefined }): Promise<{ threads: CommentRecord[]; replies: CommentRecord[] }> {
  const conditions: SQL[] = [eq(spaceComments.itemId, itemId), isNull(spaceComments.threadId)];
  if (filter.status) conditions.push(sql`${spaceComments.status} = ${filter.status}`);
  if (filter.authorId) conditions.push(sql`coalesce(${spaceComments.authorId}, ${spaceComments.guestAuthorId}) = ${filter.authorId}`);
  if (filter.version) conditions.push(eq(spaceComments.version, filter.version));
  const threads = await commentsWithAuthors(tx)
    .where(and(...conditions))
    .orderBy(asc(spaceComments.createdAt), asc(spaceComments.id));
  if (threads.length === 0) return { threads: [], replies: [] };
  const replies = await commentsWithAuthors(tx)
    .where(inArray(spaceComments.threadId, threads.map((t) => t.id)))
    .orderBy(asc(spaceComments.createdAt), asc(spaceComments.id));
  const all = await withAttachments(tx, [...threads, ...replies]);
  return { threads: all.slice(0, threads.length), replies: all.slice(threads.length) };
}

export async function setCommentStatus(tx: Orm, id: string, status: 'resolved' | 'reopened', by: string): Promise<void> {
  await tx.update(spaceComments).set({ status, statusChangedAt: sql`now()`, statusChangedBy: by }).where(eq(spaceComments.id, id));
}

/** The e-mail, name and language of members to notify. */
export function mentionedUsers(tx: Orm, ids: string[]): Promise<{ id: string; email: string; firstName: string; language: string | null; roles: string[] }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.select({ id: users.id, email: users.email, firstName: users.firstName, language: users.language, roles: users.roles }).from(users).where(and(inArray(users.id, ids), eq(users.status, 'active')));
}
