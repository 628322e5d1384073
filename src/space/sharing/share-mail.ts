import type { Language } from '../../platform/http/index.js';
import { escapeHtml, type RenderedMail } from '../../platform/mail/index.js';

/** The mail telling a named recipient that a file or folder was shared with them (the address is theirs: we know no name). */
export function shareInvitationMail(language: Language, input: { sharedBy: string; itemName: string; link: string; siteName: string }): RenderedMail {
  const t =
    language === 'de'
      ? {
          subject: `${input.sharedBy} hat „${input.itemName}“ mit Ihnen geteilt`,
          intro: `${input.sharedBy} hat „${input.itemName}“ mit Ihnen geteilt.`,
          code: 'Beim Öffnen schicken wir Ihnen einen Code an diese Adresse, damit nur Sie den Link nutzen können.',
          action: 'Öffnen',
        }
      : {
          subject: `${input.sharedBy} shared "${input.itemName}" with you`,
          intro: `${input.sharedBy} shared "${input.itemName}" with you.`,
          code: 'When you open it, we send a code to this address, so that only you can use the link.',
          action: 'Open',
        };
  return {
    subject: t.subject,
    text: `${t.intro}\n\n${t.action}: ${input.link}\n\n${t.code}\n\n${input.siteName}\n`,
    html: `<p>${escapeHtml(t.intro)}</p><p><a href="${escapeHtml(input.link)}">${escapeHtml(t.action)}</a></p><p>${escapeHtml(t.code)}</p><p>${escapeHtml(input.siteName)}</p>`,
  };
}

/** The one-time code that proves a recipient's address to a share link. */
export function shareCodeMail(language: Language, input: { code: string; itemName: string; minutes: number; siteName: string }): RenderedMail {
  const t =
    language === 'de'
      ? {
          subject: `Ihr Code für „${input.itemName}“: ${input.code}`,
          intro: `Ihr Code zum Öffnen von „${input.itemName}“ lautet:`,
          valid: `Er gilt ${input.minutes} Minuten und nur einmal. Wenn Sie ihn nicht angefordert haben, können Sie diese Nachricht ignorieren.`,
        }
      : {
          subject: `Your code for "${input.itemName}": ${input.code}`,
          intro: `Your code to open "${input.itemName}" is:`,
          valid: `It is valid for ${input.minutes} minutes, once. If you did not ask for it, you can ignore this message.`,
        };
  return {
    subject: t.subject,
    text: `${t.intro}\n\n${input.code}\n\n${t.valid}\n\n${input.siteName}\n`,
    html: `<p>${escapeHtml(t.intro)}</p><p style="font-size:1.5em;letter-spacing:0.2em"><strong>${escapeHtml(input.code)}</strong></p><p>${escapeHtml(t.valid)}</p><p>${escapeHtml(input.siteName)}</p>`,
  };
}
