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
