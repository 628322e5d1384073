import PDFDocument from 'pdfkit';
import type { Language } from '../../platform/http/index.js';
import { pdfBytes } from '../../platform/pdf/index.js';
import { formatCertificateCode } from './certificate-code.js';

/** What a certificate shows: its snapshot, the address it is verified at and the language it is written in. */
export interface CertificateDocument {
  language: Language;
  siteName: string;
  heading: string | null;
  body: string | null;
  learnerName: string;
  courseTitle: string;
  /** A learning path's certificate (says "learning path" where a course's says "course"). */
  pathId?: string | null;
  status: 'completed' | 'passed';
  scorePercent: number | null;
  completedAt: Date;
  /** Stored form (20 characters); printed grouped. */
  code: string;
  verifyUrl: string;
  /** A preview for the course editor: marked as such, with an example code. */
  preview?: boolean;
}

const WORDING = {
  en: {
    heading: 'Certificate of completion',
    certifies: 'This is to certify that',
    completed: 'has successfully completed the course',
    passed: 'has successfully passed the course',
    path: 'has successfully completed the learning path',
    on: (date: string) => `Completed on ${date}`,
    score: (score: string) => `Score: ${score} %`,
    verify: 'Verify this certificate at',
    code: 'Verification code',
    preview: 'PREVIEW — not a valid certificate',
    title: (name: string, course: string) => `Certificate: ${name} — ${course}`,
  },
  de: {
    heading: 'Teilnahmezertifikat',
    certifies: 'Hiermit wird bestätigt, dass',
    completed: 'den folgenden Kurs erfolgreich abgeschlossen hat',
    passed: 'den folgenden Kurs erfolgreich bestanden hat',
    path: 'den folgenden Lernpfad erfolgreich abgeschlossen hat',
    on: (date: string) => `Abgeschlossen am ${date}`,
    score: (score: string) => `Ergebnis: ${score} %`,
    verify: 'Prüfen Sie dieses Zertifikat unter',
    code: 'Prüfcode',
    preview: 'VORSCHAU — kein gültiges Zertifikat',
    title: (name: string, course: string) => `Zertifikat: ${name} — ${course}`,
  },
} as const;

const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1c5d99';

/** The certificate as a PDF (A4 landscape). `compress: false` leaves the page content readable (tests). */
export function renderCertificatePdf(doc: CertificateDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const words = WORDING[doc.language];
  const locale = doc.language === 'de' ? 'de-DE' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(doc.completedAt);
  const score = doc.scorePercent === null ? null : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(doc.scorePercent);

  const pdf = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    compress: options.compress ?? true,
    lang: doc.language,
    displayTitle: true,
    info: { Title: words.title(doc.learnerName, doc.courseTitle), Author: doc.siteName, Subject: doc.heading ?? words.heading, Creator: 'Lectern' },
  });
  // Fonts are registered as `regular`, `bold` and `serif`.
  const done = pdfBytes(pdf);

  const width = pdf.page.width;
  const height = pdf.page.height;
  const inner = { x: 70, width: width - 140 };
  const footY = height - 118;
  const factsY = footY - 44;
  /** The largest size from `max` down to `min` at which `text` takes at most `maxHeight` (long names and titles shrink, never run off the page). */
  const fittingSize = (font: string, max: number, min: number, text: string, maxHeight: number, lineGap = 2) => {
    for (let size = max; size > min; size -= 1) {
      pdf.font(font).fontSize(size);
      if (pdf.heightOfString(text, { width: inner.width, lineGap }) <= maxHeight) return size;
    }
    return min;
  };
  /** Centred text; at most `maxHeight` tall (cut with an ellipsis beyond); returns where the next line starts. */
  const centred = (font: string, size: number, colour: string, text: string, y: number, maxHeight: number, lineGap = 2) => {
    pdf.font(font).fontSize(size).fillColor(colour).text(text, inner.x, y, { width: inner.width, align: 'center', lineGap, height: maxHeight, ellipsis: true });
    return Math.min(pdf.y, y + maxHeight);
  };

  // Frame.
  pdf.lineWidth(3).strokeColor(ACCENT).rect(24, 24, width - 48, height - 48).stroke();
  pdf.lineWidth(0.75).strokeColor(ACCENT).rect(32, 32, width - 64, height - 64).stroke();

  const site = doc.siteName.toUpperCase();
  let y = centred('bold', fittingSize('bold', 14, 8, site, 20), ACCENT, site, 58, 20);
  if (doc.preview) centred('bold', 11, '#b42318', words.preview, y + 2, 16);
  const heading = doc.heading ?? words.heading;
  y = centred('serif', fittingSize('serif', 34, 18, heading, 84), INK, heading, 100, 84);
  y = centred('regular', 14, MUTED, words.certifies, y + 16, 20);
  y = centred('serif', fittingSize('serif', 28, 14, doc.learnerName, 38), INK, doc.learnerName, y + 10, 38);
  y = centred('regular', 14, MUTED, doc.pathId ? words.path : doc.status === 'passed' ? words.passed : words.completed, y + 10, 20);
  y = centred('bold', fittingSize('bold', 20, 11, doc.courseTitle, 52), INK, doc.courseTitle, y + 8, 52);
  const bodySpace = factsY - 10 - (y + 10);
  if (doc.body && bodySpace >= 12) centred('regular', fittingSize('regular', 11, 7, doc.body, bodySpace, 2), MUTED, doc.body, y + 10, bodySpace);
  const facts = [words.on(date), ...(score === null ? [] : [words.score(score)])].join('   ·   ');
  centred('regular', 12, INK, facts, factsY, 18);

  // Verification, at the foot of the page.
  pdf.lineWidth(0.5).strokeColor('#cbd2d9').moveTo(inner.x + 80, footY - 12).lineTo(width - inner.x - 80, footY - 12).stroke();
  centred('regular', 10, MUTED, words.verify, footY, 14);
  centred('bold', fittingSize('bold', 11, 6, doc.verifyUrl, 16), ACCENT, doc.verifyUrl, footY + 15, 16);
  centred('regular', 10, MUTED, `${words.code}: ${formatCertificateCode(doc.code)}`, footY + 33, 14);
  pdf.link(inner.x, footY + 13, inner.width, 16, doc.verifyUrl);

  pdf.end();
  return done;
}
