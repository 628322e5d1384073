import { escapeHtml, type RenderedMail } from '../../platform/mail/index.js';

/** The mail to a member mentioned in a review comment, in their language. */
export function mentionMail(language: 'de' | 'en', input: { firstName: string; author: string; fileName: string; excerpt: string; link: string; siteName: string }): RenderedMail {
  const t =
    language === 'de'
      ? { subject: `${input.author} hat Sie in „${input.fileName}“ erwähnt`, hello: `Hallo ${input.firstName},`, intro: `${input.author} hat Sie in einem Kommentar zu „${input.fileName}“ erwähnt:`, action: 'Kommentar öffnen' }
      : { subject: `${input.author} mentioned you on "${input.fileName}"`, hello: `Hello ${input.firstName},`, intro: `${input.author} mentioned you in a comment on "${input.fileName}":`, action: 'Open the comment' };
  return {
    subject: t.subject,
    text: `${t.hello}\n\n${t.intro}\n\n> ${input.excerpt}\n\n${t.action}: ${input.link}\n\n${input.siteName}\n`,
    html: `<p>${escapeHtml(t.hello)}</p><p>${escapeHtml(t.intro)}</p><blockquote>${escapeHtml(input.excerpt)}</blockquote><p><a href="${escapeHtml(input.link)}">${escapeHtml(t.action)}</a></p><p>${escapeHtml(input.siteName)}</p>`,
  };
}

/** The mail asking a member to review a file by a date (and, with `reminder`, reminding them the day before). */
export function reviewRequestMail(
  language: 'de' | 'en',
  input: { firstName: string; requester: string; fileName: string; message: string; dueAt: Date; link: string; siteName: string; reminder: boolean },
): RenderedMail {
  const due = input.dueAt.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  const t =
    language === 'de'
      ? {
          subject: input.reminder ? `Erinnerung: Review von „${input.fileName}“ bis ${due}` : `Bitte um Review: „${input.fileName}“`,
          hello: `Hallo ${input.firstName},`,
          intro: input.reminder ? `das Review von „${input.fileName}“ ist am ${due} fällig.` : `${input.requester} bittet Sie bis ${due} um ein Review von „${input.fileName}“.`,
          action: 'Datei öffnen',
        }
      : {
          subject: input.reminder ? `Reminder: review of "${input.fileName}" due ${due}` : `Review requested: "${input.fileName}"`,
          hello: `Hello ${input.firstName},`,
          intro: input.reminder ? `the review of "${input.fileName}" is due ${due}.` : `${input.requester} asks you to review "${input.fileName}" by ${due}.`,
          action: 'Open the file',
        };
  const message = input.message && !input.reminder ? input.message : '';
  return {
    subject: t.subject,
    text: `${t.hello}\n\n${t.intro}\n${message ? `\n> ${message}\n` : ''}\n${t.action}: ${input.link}\n\n${input.siteName}\n`,
    html: `<p>${escapeHtml(t.hello)}</p><p>${escapeHtml(t.intro)}</p>${message ? `<blockquote>${escapeHtml(message)}</blockquote>` : ''}<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.action)}</a></p><p>${escapeHtml(input.siteName)}</p>`,
  };
}
