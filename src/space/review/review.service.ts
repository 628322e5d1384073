import type { UseCase } from '../../platform/access/index.js';
import { AppError, csvDialectOf, csvLine, csvText, formatUtcMinute, UTF8_BOM, type Language } from '../../platform/http/index.js';
import { enqueueRenderedMail } from '../../platform/mail/index.js';
import { assertSpaceCan, spaceCan } from '../space.policy.js';
import { itemFor, libraryAccessOf, libraryAccessOfUser, roleOn } from '../library/item-access.js';
import { findVersion, type ItemRecord } from '../library/items.repository.js';
import { attachToComment } from './attachments.service.js';
import { mentionMail } from './review-mail.js';
import { formatMoment } from './moment.js';
import { ANCHORS_OF, commentListQuery, commentStatusInput, createCommentInput, replyInput, type CommentAnchor, type CreateCommentInput } from './review.contract.js';
import { findComment, insertComment, listThreads, mentionedUsers, setCommentStatus, type CommentRecord } from './review.repository.js';


export interface Thread {
  first: CommentRecord;
  replies: CommentRecord[];
}

async function fileFor(useCase: UseCase, itemId: string, action: 'view' | 'comment'): Promise<ItemRecord> {
  const access = await libraryAccessOf(useCase);
  const { item } = await itemFor(useCase, access, itemId, action);
  if (item.kind !== 'file') throw new AppError('SPACE_NOT_A_FILE', [{ field: 'id', value: itemId }]);
  return item;
}

export async function threadsOf(useCase: UseCase, itemId: string, unchecked: unknown): Promise<{ item: ItemRecord; threads: Thread[] }> {
  const query = commentListQuery.parse(unchecked);
  const item = await fileFor(useCase, itemId, 'view');
  const { threads, replies } = await listThreads(useCase.tx, itemId, query);
  return { item, threads: threads.map((first) => ({ first, replies: replies.filter((reply) => reply.threadId === first.id) })) };
}

/**
 * Mentioned members get a mail, each in their language, queued with the comment. Only members who
 * can see the file may be mentioned: a mail must not tell anybody else of it.
 */
async function notifyMentions(useCase: UseCase, item: ItemRecord, body: string, mentions: string[], siteUrl: string): Promise<void> {
  const wanted = [...new Set(mentions)].filter((id) => id !== useCase.user.id);
  const people = await mentionedUsers(useCase.tx, wanted);
  for (const [index, id] of wanted.entries()) {
    const person = people.find((p) => p.id === id);
    const access = person ? await libraryAccessOfUser(useCase.tx, person) : null;
    if (!person || !access || !spaceCan(roleOn(access, item), 'view')) throw new AppError('SPACE_MENTION_UNKNOWN', [{ field: `mentions.${index}`, value: id }]);
  }
  const author = `${useCase.user.firstName} ${useCase.user.lastName}`.trim();
  const excerpt = body.length > 300 ? `${body.slice(0, 300)}…` : body;
  for (const person of people) {
    const language: Language = person.language === 'de' ? 'de' : 'en';
    const mail = mentionMail(language, { firstName: person.firstName, author, fileName: item.name, excerpt, link: `${siteUrl}/space/items/${item.id}`, siteName: useCase.tenant.name });
    await enqueueRenderedMail(useCase.tx, { to: person.email, userId: person.id, template: 'space.mention', ...mail });
  }
}

export async function addComment(useCase: UseCase, itemId: string, unchecked: CreateCommentInput, siteUrl: string): Promise<Thread> {
  const input = createCommentInput.parse(unchecked);
  const item = await fileFor(useCase, itemId, 'comment');
  const number = input.version ?? item.currentVersion!;
  const version = await findVersion(useCase.tx, itemId, number);
  if (!version) throw new AppError('SPACE_VERSION_NOT_FOUND', [{ field: 'version', value: String(number) }]);
  if (!ANCHORS_OF[version.fileKind].includes(input.anchor.kind)) throw new AppError('SPACE_ANCHOR_NOT_FOR_FILE', [{ field: 'anchor.kind', value: input.anchor.kind }]);
  const id = await insertComment(useCase.tx, { itemId, version: number, threadId: null, author: { userId: useCase.user.id }, body: input.body, anchor: input.anchor, mentions: input.mentions });
  await attachToComment(useCase.tx, id, input.attachments, { itemId, uploadedBy: useCase.user.id });
  await notifyMentions(useCase, item, input.body, input.mentions, siteUrl);
  return { first: (await findComment(useCase.tx, id))!, replies: [] };
}

/** The first comment of the thread a comment belongs to, and the file, when the member may take `action` there. */
async function threadOf(useCase: UseCase, commentId: string, action: 'view' | 'comment' | 'edit'): Promise<{ root: CommentRecord; item: ItemRecord; canEdit: boolean }> {
  const comment = await findComment(useCase.tx, commentId);
  const root = comment?.threadId ? await findComment(useCase.tx, comment.threadId) : comment;
  if (!root) throw new AppError('SPACE_COMMENT_NOT_FOUND', [{ field: 'id', value: commentId }]);
  const access = await libraryAccessOf(useCase);
  const { item, role } = await itemFor(useCase, access, root.itemId, action === 'edit' ? 'view' : action).catch(() => {
    throw new AppError('SPACE_COMMENT_NOT_FOUND', [{ field: 'id', value: commentId }]);
  });
  return { root, item, canEdit: spaceCan(role, 'edit') };
}

export async function replyTo(useCase: UseCase, commentId: string, unchecked: unknown, siteUrl: string): Promise<CommentRecord> {
  const input = replyInput.parse(unchecked);
  const { root, item } = await threadOf(useCase, commentId, 'comment');
  const id = await insertComment(useCase.tx, { itemId: root.itemId, version: root.version, threadId: root.id, author: { userId: useCase.user.id }, body: input.body, anchor: root.anchor, mentions: input.mentions });
  await attachToComment(useCase.tx, id, input.attachments, { itemId: root.itemId, uploadedBy: useCase.user.id });
  await notifyMentions(useCase, item, input.body, input.mentions, siteUrl);
  return (await findComment(useCase.tx, id))!;
}

/** Resolves or reopens a thread: its author, or anybody who may edit the file. */
export async function changeThreadStatus(useCase: UseCase, commentId: string, unchecked: unknown): Promise<CommentRecord> {
  const { status } = commentStatusInput.parse(unchecked);
  const { root, canEdit } = await threadOf(useCase, commentId, 'comment');
  if (!canEdit && root.authorId !== useCase.user.id) assertSpaceCan(null, 'edit');
  await setCommentStatus(useCase.tx, root.id, status, useCase.user.id);
  return (await findComment(useCase.tx, root.id))!;
}

/** Who wrote a comment, in words: a guest reviewer is marked as one. */
export function authorName(comment: CommentRecord, language: Language): string {
  const name = `${comment.authorFirstName} ${comment.authorLastName}`.trim();
  return comment.byGuest ? `${name} (${language === 'de' ? 'Gast' : 'guest'})` : name;
}

/** Where a comment applies, in words (a slide, a time, a page, a region, the whole file). */
export function anchorText(anchor: CommentAnchor, language: Language): string {
  switch (anchor.kind) {
    case 'slide':
      return `${language === 'de' ? 'Folie' : 'Slide'} ${anchor.title ?? anchor.slide}`;
    case 'time':
      return formatMoment(anchor.seconds);
    case 'page':
      return `${language === 'de' ? 'Seite' : 'Page'} ${anchor.page}`;
    case 'region':
      return `${language === 'de' ? 'Bereich' : 'Region'} ${Math.round(anchor.x * 100)}%,${Math.round(anchor.y * 100)}% ${Math.round(anchor.width * 100)}×${Math.round(anchor.height * 100)}%`;
    case 'file':
      return language === 'de' ? 'Ganze Datei' : 'Whole file';
  }
}

/** The threads as CSV (a spreadsheet of the language opens it as is): one line per comment. */
export function threadsCsv(threads: Thread[], currentVersion: number | null, language: Language): string {
  const dialect = csvDialectOf(language);
  const header = language === 'de' ? ['Thread', 'Version', 'Ältere Version', 'Stelle', 'Status', 'Von', 'Zeit (UTC)', 'Kommentar', 'Bilder'] : ['Thread', 'Version', 'Older version', 'Where', 'Status', 'By', 'Time (UTC)', 'Comment', 'Pictures'];
  const lines = [csvLine(header.map((cell) => csvText(cell, dialect)), dialect)];
  threads.forEach((thread, index) => {
    for (const comment of [thread.first, ...thread.replies]) {
      const older = currentVersion !== null && thread.first.version < currentVersion;
      lines.push(
        csvLine(
          [String(index + 1), String(thread.first.version), older ? (language === 'de' ? 'ja' : 'yes') : '', anchorText(thread.first.anchor, language), comment === thread.first ? thread.first.status : '', authorName(comment, language), formatUtcMinute(comment.createdAt), comment.body, comment.attachments.map((a) => a.fileName).join(', ')].map((cell) =>
            csvText(cell, dialect),
          ),
          dialect,
        ),
      );
    }
  });
  return UTF8_BOM + lines.join('');
}
