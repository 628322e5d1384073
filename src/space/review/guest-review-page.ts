import { escapeHtml, type Language } from '../../platform/http/index.js';
import type { ItemRecord, VersionRecord } from '../library/items.repository.js';
import { filePreview, visitorPage } from '../visitor-page.js';
import type { CommentRecord } from './review.repository.js';
import type { ReviewRequestRow } from './review-requests.repository.js';
import { ANCHORS_OF } from './review.contract.js';
import { anchorText, authorName, type Thread } from './review.service.js';

const TEXT = {
  en: {
    title: (name: string) => `Review: ${name}`,
    asked: (due: string) => `You are asked to review this file by ${due}.`,
    version: (n: number) => `Version ${n}`,
    comments: 'Comments',
    none: 'There are no comments yet.',
    olderVersion: 'on an older version',
    pictures: 'Pictures',
    statuses: { open: 'open', resolved: 'resolved', reopened: 'reopened' },
    reply: 'Reply',
    replyLabel: (n: number) => `Your reply to comment ${n}`,
    newComment: 'New comment',
    comment: 'Comment',
    at: 'At (minutes:seconds, optional)',
    atHint: 'Without a moment the comment is on the whole file.',
    page: 'Page (optional)',
    pageHint: 'Without a page the comment is on the whole file.',
    send: 'Add comment',
    done: 'My review is done',
    doneAt: (at: string) => `You said your review was done on ${at}. You can still comment.`,
    doneHint: 'Tell the team you have finished (you can still comment afterwards).',
    notFound: ['Review link not available', 'This review link does not exist, or no longer works. Ask the person who sent it for a new one.'],
  },
  de: {
    title: (name: string) => `Review: ${name}`,
    asked: (due: string) => `Sie werden gebeten, diese Datei bis ${due} zu prüfen.`,
    version: (n: number) => `Version ${n}`,
    comments: 'Kommentare',
    none: 'Noch keine Kommentare.',
    olderVersion: 'zu einer älteren Version',
    pictures: 'Bilder',
    statuses: { open: 'offen', resolved: 'erledigt', reopened: 'wieder offen' },
    reply: 'Antworten',
    replyLabel: (n: number) => `Ihre Antwort auf Kommentar ${n}`,
    newComment: 'Neuer Kommentar',
    comment: 'Kommentar',
    at: 'Bei (Minuten:Sekunden, optional)',
    atHint: 'Ohne Zeitpunkt gilt der Kommentar der ganzen Datei.',
    page: 'Seite (optional)',
    pageHint: 'Ohne Seite gilt der Kommentar der ganzen Datei.',
    send: 'Kommentar hinzufügen',
    done: 'Mein Review ist fertig',
    doneAt: (at: string) => `Sie haben Ihr Review am ${at} als fertig gemeldet. Sie können weiter kommentieren.`,
    doneHint: 'Sagen Sie dem Team, dass Sie fertig sind (kommentieren können Sie danach weiterhin).',
    notFound: ['Review-Link nicht verfügbar', 'Diesen Review-Link gibt es nicht, oder er gilt nicht mehr. Bitten Sie die Person, die ihn geschickt hat, um einen neuen.'],
  },
} as const;

const dateTimeOf = (language: Language, date: Date) => date.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

export function guestReviewNotFoundPage(language: Language): string {
  const [title, message] = TEXT[language].notFound;
  return visitorPage(language, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/** A refusal of the new comment's form, shown at its field, with what was typed kept. */
export interface GuestFormState {
  error?: { field: 'body' | 'at' | 'page'; message: string };
  body?: string;
  at?: string;
  page?: string;
}

/** A labelled form field; `control` gets the attributes that tie it to its hint and error. */
function field(input: { id: string; label: string; hint?: string; control: (aria: string) => string; error?: string | undefined }): string {
  const described = [input.hint ? `${input.id}-hint` : '', input.error ? `${input.id}-error` : ''].filter(Boolean).join(' ');
  const control = input.control(`${described ? ` aria-describedby="${described}"` : ''}${input.error ? ' aria-invalid="true"' : ''}`);
  return `<p><label for="${input.id}">${escapeHtml(input.label)}</label><br>${control}${input.hint ? `<br><small id="${input.id}-hint">${escapeHtml(input.hint)}</small>` : ''}${input.error ? `<br><strong role="alert" id="${input.id}-error">${escapeHtml(input.error)}</strong>` : ''}</p>`;
}

function commentHtml(language: Language, base: string, comment: CommentRecord): string {
  const pictures = comment.attachments
    .map((attachment) => {
      const src = escapeHtml(`${base}/attachments/${attachment.id}`);
      return `<li><a href="${src}" target="_blank" rel="noopener noreferrer"><img src="${src}" alt="${escapeHtml(attachment.fileName)}" height="72"></a></li>`;
    })
    .join('');
  const pictureList = pictures ? `<ul aria-label="${escapeHtml(TEXT[language].pictures)}">${pictures}</ul>` : '';
  return `<p><strong>${escapeHtml(authorName(comment, language))}</strong> · <time datetime="${comment.createdAt.toISOString()}">${escapeHtml(dateTimeOf(language, comment.createdAt))}</time></p><p>${escapeHtml(comment.body).replace(/\n/g, '<br>')}</p>${pictureList}`;
}

/** The guest's review: the file, its threads (each with a reply form), a new comment, and "done". */
export function guestReviewPage(
  language: Language,
  input: { base: string; item: ItemRecord; version: VersionRecord; rendition: boolean; request: ReviewRequestRow; guestDoneAt: Date | null; threads: Thread[]; form: GuestFormState },
): string {
  const t = TEXT[language];
  const { base, item, version, request, form } = input;
  const message = request.message ? `<blockquote><p>${escapeHtml(request.message)}</p></blockquote>` : '';
  const threads = input.threads
    .map((thread, index) => {
      const first = thread.first;
      const older = first.version < version.number ? ` · ${escapeHtml(t.olderVersion)} (${escapeHtml(t.version(first.version))})` : '';
      const replies = thread.replies.map((reply) => `<li>${commentHtml(language, base, reply)}</li>`).join('');
      const replyId = `reply-${first.id}`;
      return `<li id="thread-${first.id}"><h3>${index + 1}. ${escapeHtml(anchorText(first.anchor, language))} · ${escapeHtml(t.statuses[first.status])}${older}</h3>${commentHtml(language, base, first)}${replies ? `<ul>${replies}</ul>` : ''}<form method="post" action="${escapeHtml(`${base}/replies/${first.id}`)}"><p><label for="${replyId}">${escapeHtml(t.replyLabel(index + 1))}</label><br><textarea id="${replyId}" name="body" rows="2" cols="30" maxlength="5000" required></textarea></p><p><button type="submit">${escapeHtml(t.reply)}</button></p></form></li>`;
    })
    .join('');
  const anchors = ANCHORS_OF[version.fileKind];
  const anchorField = anchors.includes('time')
    ? field({ id: 'at', label: t.at, hint: t.atHint, control: (aria) => `<input id="at" name="at" inputmode="numeric" maxlength="12" pattern="[0-9:]*" value="${escapeHtml(form.at ?? '')}"${aria}>`, error: form.error?.field === 'at' ? form.error.message : undefined })
    : anchors.includes('page')
      ? field({ id: 'page', label: t.page, hint: t.pageHint, control: (aria) => `<input id="page" name="page" inputmode="numeric" maxlength="6" pattern="[0-9]*" value="${escapeHtml(form.page ?? '')}"${aria}>`, error: form.error?.field === 'page' ? form.error.message : undefined })
      : '';
  const bodyField = field({ id: 'body', label: t.comment, control: (aria) => `<textarea id="body" name="body" rows="4" cols="30" maxlength="5000" required${aria}>${escapeHtml(form.body ?? '')}</textarea>`, error: form.error?.field === 'body' ? form.error.message : undefined });
  const done = input.guestDoneAt
    ? `<p role="status">${escapeHtml(t.doneAt(dateTimeOf(language, input.guestDoneAt)))}</p>`
    : `<form method="post" action="${escapeHtml(`${base}/done`)}"><p>${escapeHtml(t.doneHint)}</p><p><button type="submit">${escapeHtml(t.done)}</button></p></form>`;
  return visitorPage(
    language,
    t.title(item.name),
    `<h1>${escapeHtml(t.title(item.name))}</h1><p>${escapeHtml(t.asked(dateTimeOf(language, request.dueAt)))} ${escapeHtml(t.version(version.number))}.</p>${message}${input.rendition ? filePreview(language, { name: item.name, fileKind: 'pdf' }, `${base}/content?rendition=1`) : filePreview(language, { name: item.name, fileKind: version.fileKind }, `${base}/content`)}<h2>${escapeHtml(t.comments)}</h2>${threads ? `<ol>${threads}</ol>` : `<p>${escapeHtml(t.none)}</p>`}<h2 id="new-comment">${escapeHtml(t.newComment)}</h2><form method="post" action="${escapeHtml(`${base}/comments`)}">${bodyField}${anchorField}<p><button type="submit">${escapeHtml(t.send)}</button></p></form>${done}`,
  );
}
