import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Language } from '../../platform/http/index.js';
import { formatCertificateCode } from './certificate-code.js';

const require = createRequire(import.meta.url);
/**
 * DejaVu (from the dejavu-fonts-ttf package), embedded as a subset: the PDF standard fonts cover
 * only Latin-1, and a learner may be called Łukasz, Ἀλέξανδρος or Дмитрий.
 */
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  serif: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
};

/** What a certificate shows: its snapshot, the address it is verified at and the language it is written in. */
export interface CertificateDocument {
  language: Language;
  siteName: string;
  heading: string | null;
  body: string | null;
  learnerName: string;
  courseTitle: string;
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
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', FONTS.regular);
  pdf.registerFont('bold', FONTS.bold);
  pdf.registerFont('serif', FONTS.serif);

  const width = pdf.page.width;
  const height = pdf.page.height;
  const inner = { x: 70, width: width - 140 };
  const centred = (font: string, size: number, colour: string, text: string, y: number, lineGap = 2) => {
    pdf.font(font).fontSize(size).fillColor(colour).text(text, inner.x, y, { width: inner.width, align: 'center', lineGap });
    return pdf.y;
  };

  // Frame.
  pdf.lineWidth(3).strokeColor(ACCENT).rect(24, 24, width - 48, height - 48).stroke();
  pdf.lineWidth(0.75).strokeColor(ACCENT).rect(32, 32, width - 64, height - 64).stroke();

  let y = centred('bold', 14, ACCENT, doc.siteName.toUpperCase(), 62);
  if (doc.preview) centred('bold', 11, '#b42318', words.preview, y + 4);
  y = centred('serif', 34, INK, doc.heading ?? words.heading, 118);
  y = centred('regular', 14, MUTED, words.certifies, y + 22);
  y = centred('serif', 28, INK, doc.learnerName, y + 12);
  y = centred('regular', 14, MUTED, doc.status === 'passed' ? words.passed : words.completed, y + 12);
  y = centred('bold', 20, INK, doc.courseTitle, y + 10);
  if (doc.body) y = centred('regular', 11, MUTED, doc.body, y + 14, 3);
  const facts = [words.on(date), ...(score === null ? [] : [words.score(score)])].join('   ·   ');
  centred('regular', 12, INK, facts, Math.max(y + 18, 395));

  // Verification, at the foot of the page.
  const footY = height - 118;
  pdf.lineWidth(0.5).strokeColor('#cbd2d9').moveTo(inner.x + 80, footY - 12).lineTo(width - inner.x - 80, footY - 12).stroke();
  centred('regular', 10, MUTED, words.verify, footY);
  centred('bold', 11, ACCENT, doc.verifyUrl, footY + 15);
  centred('regular', 10, MUTED, `${words.code}: ${formatCertificateCode(doc.code)}`, footY + 33);
  pdf.link(inner.x, footY + 13, inner.width, 16, doc.verifyUrl);

  pdf.end();
  return done;
}
