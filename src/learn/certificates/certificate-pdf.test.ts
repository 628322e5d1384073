import { describe, expect, it } from 'vitest';
import { renderCertificatePdf, type CertificateDocument } from './certificate-pdf.js';
import { pdfTextLines } from '../../../test/pdf-text.js';

const base: CertificateDocument = {
  language: 'en',
  siteName: 'Acme Academy',
  heading: null,
  body: null,
  learnerName: 'Ada Lovelace',
  courseTitle: 'Fire safety',
  status: 'completed',
  scorePercent: null,
  completedAt: new Date('2026-03-04T10:00:00Z'),
  code: 'ABCDE0123456789FGHJK',
  verifyUrl: 'https://acme.example/verify/ABCDE-01234-56789-FGHJK',
};

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

describe('certificate PDF', () => {
  it('is one A4 landscape page with the standard wording when the template has none, and no score when there is none', async () => {
    const pdf = await renderCertificatePdf(base);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    const lines = pdfTextLines(pdf);
    expect(lines).toEqual(expect.arrayContaining(['ACME ACADEMY', 'Certificate of completion', 'Ada Lovelace', 'has successfully completed the course', 'Fire safety', 'Completed on 4 March 2026']));
    expect(lines).toContain('Verification code: ABCDE-01234-56789-FGHJK');
    expect(lines.join(' ')).not.toContain('Score');
  });

  it('writes German with its date and decimal comma, and names in any script', async () => {
    const lines = pdfTextLines(await renderCertificatePdf({ ...base, language: 'de', learnerName: 'Łukasz Ἀλέξανδρος Дмитрий', status: 'passed', scorePercent: 87.5 }));
    expect(lines).toContain('Łukasz Ἀλέξανδρος Дмитрий');
    expect(lines).toContain('den folgenden Kurs erfolgreich bestanden hat');
    expect(lines).toContain('Abgeschlossen am 4. März 2026   ·   Ergebnis: 87,5 %');
    expect(lines.join('')).not.toContain('\uFFFD');
  });

  it('keeps the longest names, titles and texts on the one page (they shrink or are cut, never spill)', async () => {
    const pdf = await renderCertificatePdf({
      ...base,
      siteName: 'S'.repeat(200),
      heading: 'Heading '.repeat(15),
      learnerName: 'Maximiliane-Konstanze '.repeat(5),
      courseTitle: 'A very long course title '.repeat(8),
      body: 'Lorem ipsum dolor sit amet. '.repeat(36),
      scorePercent: 100,
    });
    expect(pageCount(pdf)).toBe(1);
    // The verification address and code are still printed, whole.
    const lines = pdfTextLines(pdf);
    expect(lines).toContain(base.verifyUrl);
    expect(lines).toContain('Verification code: ABCDE-01234-56789-FGHJK');
  });
});
