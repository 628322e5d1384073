import PDFDocument from 'pdfkit';
import type { Language } from '../../platform/http/index.js';
import { pdfBytes } from '../../platform/pdf/index.js';
import { anchorText, authorName, type Thread } from './review.service.js';

/** What a review report shows: a file's threads as the reviewers left them. */
export interface ReviewReport {
  language: Language;
  siteName: string;
  fileName: string;
  /** The file's version now; threads made on an older one are marked. */
  currentVersion: number | null;
  threads: Thread[];
  generatedAt: Date;
}

const WORDING = {
  en: {
    title: (file: string) => `Review of ${file}`,
    made: (when: string, version: string) => `Made on ${when} of version ${version}`,
    none: 'No comments.',
    thread: (n: number) => `Thread ${String(n)}`,
    version: (v: number) => `version ${String(v)}`,
    older: 'an older version',
    pictures: (names: string) => `Pictures: ${names}`,
    status: { open: 'open', resolved: 'resolved', reopened: 'reopened' },
  },
  de: {
    title: (file: string) => `Review von ${file}`,
    made: (when: string, version: string) => `Erstellt am ${when}, Version ${version}`,
    none: 'Keine Kommentare.',
    thread: (n: number) => `Thread ${String(n)}`,
    version: (v: number) => `Version ${String(v)}`,
    older: 'eine ältere Version',
    pictures: (names: string) => `Bilder: ${names}`,
    status: { open: 'offen', resolved: 'erledigt', reopened: 'wieder offen' },
  },
} as const;

const INK = '#1f2933';
const MUTED = '#4b5563';
const MARGIN = 56;

/**
 * A file's review as a PDF (A4, German or English): each thread with where it applies, its status
 * and version (threads on an older version say so), then each comment with its author and time.
 * pdfkit flows long threads onto further pages.
 */
export function renderReviewReport(report: ReviewReport, options: { compress?: boolean } = {}): Promise<Buffer> {
  const words = WORDING[report.language];
  const locale = report.language === 'de' ? 'de-DE' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    lang: report.language,
    displayTitle: true,
    info: { Title: words.title(report.fileName), Author: report.siteName, Creator: 'Lectern' },
  });
  const done = pdfBytes(pdf);
  const width = pdf.page.width - 2 * MARGIN;

  pdf.font('regular').fontSize(9).fillColor(MUTED).text(report.siteName, { width });
  pdf.moveDown(0.3).font('bold').fontSize(18).fillColor(INK).text(words.title(report.fileName), { width });
  pdf.moveDown(0.3).font('regular').fontSize(9).fillColor(MUTED).text(`${words.made(dateTime.format(report.generatedAt), String(report.currentVersion ?? '–'))} (UTC)`, { width });
  if (report.threads.length === 0) pdf.moveDown(1).font('regular').fontSize(11).fillColor(INK).text(words.none, { width });

  report.threads.forEach((thread, index) => {
    const older = report.currentVersion !== null && thread.first.version < report.currentVersion;
    const heading = [words.thread(index + 1), anchorText(thread.first.anchor, report.language), words.status[thread.first.status], words.version(thread.first.version)];
    pdf.moveDown(1.2).font('bold').fontSize(12).fillColor(INK).text(heading.join(' · '), MARGIN, pdf.y, { width });
    if (older) pdf.font('regular').fontSize(9).fillColor('#b42318').text(`(${words.older})`, MARGIN, pdf.y, { width });
    for (const comment of [thread.first, ...thread.replies]) {
      // Replies stand indented under the comment they answer.
      const indent = comment === thread.first ? 0 : 16;
      const author = authorName(comment, report.language);
      pdf.moveDown(0.5).font('bold').fontSize(9).fillColor(MUTED).text(`${author} — ${dateTime.format(comment.createdAt)}`, MARGIN + indent, pdf.y, { width: width - indent });
      pdf.font('regular').fontSize(10).fillColor(INK).text(comment.body, MARGIN + indent, pdf.y, { width: width - indent });
      if (comment.attachments.length > 0) pdf.font('regular').fontSize(9).fillColor(MUTED).text(words.pictures(comment.attachments.map((a) => a.fileName).join(', ')), MARGIN + indent, pdf.y, { width: width - indent });
    }
  });
  pdf.end();
  return done;
}
