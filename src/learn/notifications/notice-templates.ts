import type { Language } from '../../platform/http/index.js';
import { escapeHtml, type RenderedMail } from '../../platform/mail/index.js';

/** The mails Learn sends about an enrolment. */
/** `nudge`: a reminder sent by hand for a course without a due date. */
export type NoticeKind = 'enrolled' | 'reminder' | 'overdue' | 'nudge';

export interface NoticeData {
  tenantName: string;
  firstName: string;
  courseTitle: string;
  dueAt: Date | null;
  /** Where the course opens (the player page of the enrolment). */
  link: string;
}

interface NoticeText {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action: string;
}

/** `27 November 2026, 17:00 UTC` / `27. November 2026, 17:00 UTC`: users have no time zone of their own yet. */
export function formatDue(date: Date, language: Language): string {
  const day = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(date);
  return `${day}, ${time} UTC`;
}

const texts: Record<NoticeKind, Record<Language, (d: NoticeData, due: string) => NoticeText>> = {
  enrolled: {
    en: (d, due) => ({
      subject: `You have been enrolled in "${d.courseTitle}"`,
      greeting: `Hello ${d.firstName},`,
      paragraphs: [
        `you have been enrolled in the course "${d.courseTitle}" at ${d.tenantName}.`,
        d.dueAt ? `Please complete it by ${due}.` : 'You can start whenever it suits you.',
      ],
      action: 'Open the course',
    }),
    de: (d, due) => ({
      subject: `Sie wurden in den Kurs „${d.courseTitle}“ eingeschrieben`,
      greeting: `Hallo ${d.firstName},`,
      paragraphs: [
        `Sie wurden bei ${d.tenantName} in den Kurs „${d.courseTitle}“ eingeschrieben.`,
        d.dueAt ? `Bitte schließen Sie ihn bis ${due} ab.` : 'Sie können beginnen, wann es Ihnen passt.',
      ],
      action: 'Kurs öffnen',
    }),
  },
  reminder: {
    en: (d, due) => ({
      subject: `Reminder: "${d.courseTitle}" is due on ${due}`,
      greeting: `Hello ${d.firstName},`,
      paragraphs: [`the course "${d.courseTitle}" at ${d.tenantName} is due on ${due} and is not completed yet.`, 'Please complete it in time.'],
      action: 'Continue the course',
    }),
    de: (d, due) => ({
      subject: `Erinnerung: „${d.courseTitle}“ ist am ${due} fällig`,
      greeting: `Hallo ${d.firstName},`,
      paragraphs: [
        `der Kurs „${d.courseTitle}“ bei ${d.tenantName} ist am ${due} fällig und noch nicht abgeschlossen.`,
        'Bitte schließen Sie ihn rechtzeitig ab.',
      ],
      action: 'Kurs fortsetzen',
    }),
  },
  overdue: {
    en: (d, due) => ({
      subject: `Overdue: "${d.courseTitle}"`,
      greeting: `Hello ${d.firstName},`,
      paragraphs: [`the course "${d.courseTitle}" at ${d.tenantName} was due on ${due} and is not completed yet.`, 'Please complete it as soon as possible.'],
      action: 'Open the course',
    }),
    de: (d, due) => ({
      subject: `Überfällig: „${d.courseTitle}“`,
      greeting: `Hallo ${d.firstName},`,
      paragraphs: [
        `der Kurs „${d.courseTitle}“ bei ${d.tenantName} war am ${due} fällig und ist noch nicht abgeschlossen.`,
        'Bitte schließen Sie ihn so bald wie möglich ab.',
      ],
      action: 'Kurs öffnen',
    }),
  },
  nudge: {
    en: (d) => ({
      subject: `Reminder: "${d.courseTitle}"`,
      greeting: `Hello ${d.firstName},`,
      paragraphs: [`the course "${d.courseTitle}" at ${d.tenantName} is waiting for you and is not completed yet.`, 'Please continue when you can.'],
      action: 'Continue the course',
    }),
    de: (d) => ({
      subject: `Erinnerung: „${d.courseTitle}“`,
      greeting: `Hallo ${d.firstName},`,
      paragraphs: [`der Kurs „${d.courseTitle}“ bei ${d.tenantName} wartet auf Sie und ist noch nicht abgeschlossen.`, 'Bitte setzen Sie ihn fort, sobald Sie können.'],
      action: 'Kurs fortsetzen',
    }),
  },
};

const footer: Record<Language, (tenantName: string) => string> = {
  en: (name) => `This message was sent automatically by ${name}.`,
  de: (name) => `Diese Nachricht wurde automatisch von ${name} gesendet.`,
};

/** A subject is one header line: line breaks in a course title must not start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

/** The notice as plain text and simple HTML; every value from users or administrators is escaped in the HTML. */
export function renderNotice(kind: NoticeKind, language: Language, data: NoticeData): RenderedMail {
  const due = data.dueAt ? formatDue(data.dueAt, language) : '';
  const t = texts[kind][language](data, due);
  const foot = footer[language](data.tenantName);
  const text = [t.greeting, '', ...t.paragraphs.flatMap((p) => [p, '']), `${t.action}: ${data.link}`, '', '-- ', foot, ''].join('\n');
  const link = escapeHtml(data.link);
  const html = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(oneLine(t.subject))}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #222;">
<p>${escapeHtml(t.greeting)}</p>
${t.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${link}">${escapeHtml(t.action)}</a></p>
<p style="font-size: 90%; color: #555;">${link}</p>
<hr><p style="font-size: 80%; color: #777;">${escapeHtml(foot)}</p>
</body>
</html>
`;
  return { subject: oneLine(t.subject), text, html };
}
