import type { Language } from '../../http/language.js';
import { escapeHtml, type RenderedMail } from '../../mail/mail-templates.js';

/** The reminder of an open access review to one of the site's administrators, in their language. */
export function accessReviewReminderMail(
  language: Language,
  input: { firstName: string; dueAt: Date; overdue: boolean; open: number; link: string; siteName: string },
): RenderedMail {
  const due = input.dueAt.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  const t =
    language === 'de'
      ? {
          subject: input.overdue ? `Überfällig: Zugriffsprüfung für ${input.siteName}` : `Erinnerung: Zugriffsprüfung für ${input.siteName}`,
          hello: `Hallo ${input.firstName},`,
          intro: input.overdue
            ? `die Zugriffsprüfung war am ${due} fällig und ist noch nicht abgeschlossen: ${input.open} Einträge warten auf eine Entscheidung.`
            : `die Zugriffsprüfung ist am ${due} fällig: ${input.open} Einträge warten auf eine Entscheidung (bestätigen oder entziehen).`,
          action: 'Zugriffsprüfung öffnen',
        }
      : {
          subject: input.overdue ? `Overdue: access review of ${input.siteName}` : `Reminder: access review of ${input.siteName}`,
          hello: `Hello ${input.firstName},`,
          intro: input.overdue
            ? `the access review was due ${due} and is not finished: ${input.open} entries await a decision.`
            : `the access review is due ${due}: ${input.open} entries await a decision (confirm or revoke).`,
          action: 'Open the access review',
        };
  return {
    subject: t.subject,
    text: `${t.hello}\n\n${t.intro}\n\n${t.action}: ${input.link}\n\n${input.siteName}\n`,
    html: `<p>${escapeHtml(t.hello)}</p><p>${escapeHtml(t.intro)}</p><p><a href="${escapeHtml(input.link)}">${escapeHtml(t.action)}</a></p><p>${escapeHtml(input.siteName)}</p>`,
  };
}
