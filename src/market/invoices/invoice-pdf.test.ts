import { describe, expect, it } from 'vitest';
import { pdfTextLines } from '../../../test/pdf-text.js';
import { renderInvoicePdf, type InvoiceDocument, type InvoiceLine } from './invoice-pdf.js';

// A 1×1 PNG.
const LOGO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const COURSE: InvoiceLine = { description: 'Course: Advanced TypeScript for teams', quantity: 1, unitNetMinor: 10000, netMinor: 10000, vatRateBasisPoints: 1900, vatMinor: 1900, grossMinor: 11900 };

function invoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    kind: 'invoice',
    number: '2026-000042',
    issuedAt: '2026-12-02T09:30:00Z',
    supplyDate: '2026-12-01',
    orderReference: 'ORD-7F3K-22',
    seller: { name: 'Lectern Academy GmbH', addressLines: ['Hauptstraße 5', '10115 Berlin'], country: 'DE', vatId: 'DE123456789', email: 'billing@academy.example' },
    buyer: { name: 'Erika Mustermann', company: 'Muster AG', addressLines: ['Lindenweg 3', '80331 München'], country: 'DE', vatId: null },
    currency: 'EUR',
    lines: [COURSE],
    totals: { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 },
    vatBreakdown: [{ rateBasisPoints: 1900, netMinor: 10000, vatMinor: 1900 }],
    reverseCharge: false,
    payment: { method: 'card', paidAt: '2026-12-01T18:04:00Z' },
    logoPng: LOGO,
    ...overrides,
  };
}

/** What a reader sees: the PDF's text lines (non-breaking spaces as spaces), all text as one string, and the page count. */
async function read(doc: InvoiceDocument, locale: 'de' | 'en') {
  const pdf = await renderInvoicePdf(doc, locale);
  const lines = pdfTextLines(pdf).map((line) => line.replace(/[\u00A0\u202F]/g, ' ').trim());
  const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  return { pdf, lines, text: lines.join(' ').replace(/\s+/g, ' '), pages };
}

describe('an invoice as a PDF', () => {
  it('in German: title, number, dates, both parties with VAT ID, the line with its amounts, totals, payment and metadata', async () => {
    const { pdf, lines, text, pages } = await read(invoice(), 'de');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(lines).toContain('Rechnung');
    expect(lines).toContain('2026-000042');
    expect(lines).toEqual(expect.arrayContaining(['Rechnungsnummer', 'Rechnungsdatum', '02.12.2026', 'Leistungsdatum', '01.12.2026', 'Bestellung', 'ORD-7F3K-22']));
    expect(lines).toEqual(expect.arrayContaining(['Lectern Academy GmbH', 'Hauptstraße 5', '10115 Berlin', 'Deutschland', 'USt-IdNr.: DE123456789', 'billing@academy.example']));
    expect(lines).toEqual(expect.arrayContaining(['Rechnungsempfänger', 'Muster AG', 'Erika Mustermann', 'Lindenweg 3', '80331 München']));
    expect(text).toContain('Beschreibung Menge Einzelpreis (netto) USt. Netto Brutto');
    expect(text).toContain('Course: Advanced TypeScript for teams 1 100,00 € 19 % 100,00 € 119,00 €');
    expect(text).toContain('Summe netto 100,00 € Umsatzsteuer 19 % 19,00 € Gesamtbetrag 119,00 €');
    // One rate: no breakdown per rate.
    expect(text).not.toContain('Umsatzsteuer nach Steuersätzen');
    expect(text).toContain('Bezahlt per Karte am 01.12.2026');
    expect(text).not.toContain('Reverse Charge');
    expect(lines).toContain('Seite 1 von 1');
    expect(pages).toBe(1);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('(Rechnung 2026-000042)');
    expect(raw).toContain('(Lectern Academy GmbH)');
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('in English: amounts as €119.00, dates as 2 December 2026, rates as 19%', async () => {
    const { pdf, lines, text } = await read(invoice(), 'en');
    expect(lines).toContain('Invoice');
    expect(lines).toEqual(expect.arrayContaining(['Invoice number', '2026-000042', 'Date of issue', '2 December 2026', 'Date of supply', '1 December 2026', 'Germany', 'VAT ID: DE123456789', 'Bill to']));
    expect(text).toContain('Description Qty Unit price (net) VAT Net Gross');
    expect(text).toContain('Course: Advanced TypeScript for teams 1 €100.00 19% €100.00 €119.00');
    expect(text).toContain('Total net €100.00 VAT 19% €19.00 Total €119.00');
    expect(text).toContain('Paid by card on 1 December 2026');
    expect(lines).toContain('Page 1 of 1');
    expect(pdf.toString('latin1')).toContain('(Invoice 2026-000042)');
  });

  it('with reverse charge: the buyer’s VAT ID, 0 VAT and the note', async () => {
    const doc = invoice({
      buyer: { name: 'Claire Dubois', company: 'Formation SARL', addressLines: ['12 rue de la Paix', '75002 Paris'], country: 'FR', vatId: 'FR40303265045' },
      lines: [{ ...COURSE, vatRateBasisPoints: 0, vatMinor: 0, grossMinor: 10000 }],
      totals: { netMinor: 10000, vatMinor: 0, grossMinor: 10000 },
      vatBreakdown: [{ rateBasisPoints: 0, netMinor: 10000, vatMinor: 0 }],
      reverseCharge: true,
    });
    const english = await read(doc, 'en');
    expect(english.lines).toEqual(expect.arrayContaining(['Formation SARL', 'France', 'VAT ID: FR40303265045']));
    expect(english.text).toContain('Course: Advanced TypeScript for teams 1 €100.00 0% €100.00 €100.00');
    expect(english.text).toContain('Total net €100.00 VAT 0% €0.00 Total €100.00');
    expect(english.text).toContain('Reverse charge: the recipient is liable for the VAT (Article 196, Council Directive 2006/112/EC).');
    const german = await read(doc, 'de');
    expect(german.lines).toEqual(expect.arrayContaining(['Frankreich', 'USt-IdNr.: FR40303265045']));
    expect(german.text).toContain('Umsatzsteuer 0 % 0,00 €');
    expect(german.text).toContain('Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL).');
  });

  it('for a buyer outside the EU: the note that the supply is not taxable in the EU', async () => {
    const doc = invoice({
      buyer: { name: 'Sam Carter', addressLines: ['1 Market St', 'San Francisco, CA 94105'], country: 'US' },
      lines: [{ ...COURSE, vatRateBasisPoints: 0, vatMinor: 0, grossMinor: 10000 }],
      totals: { netMinor: 10000, vatMinor: 0, grossMinor: 10000 },
      vatBreakdown: [{ rateBasisPoints: 0, netMinor: 10000, vatMinor: 0 }],
      outsideEu: true,
    });
    const { lines, text } = await read(doc, 'en');
    expect(lines).toEqual(expect.arrayContaining(['Sam Carter', 'United States']));
    expect(text).toContain('Not taxable in the EU');
    expect(text).not.toContain('Reverse charge');
    expect((await read(doc, 'de')).text).toContain('Nicht in der EU steuerbare Leistung');
  });

  it('as a credit note: says so, names the invoice it corrects and what is refunded', async () => {
    const doc = invoice({ kind: 'credit_note', number: '2026-000043', correctsNumber: '2026-000042', payment: { method: 'card', paidAt: '2026-12-05T08:00:00Z' } });
    const german = await read(doc, 'de');
    expect(german.lines).toContain('Rechnungskorrektur');
    expect(german.lines).toContain('zu Rechnung 2026-000042');
    expect(german.lines).toEqual(expect.arrayContaining(['Zu Rechnung', '2026-000043']));
    expect(german.text).toContain('Erstattungsbetrag 119,00 €');
    expect(german.text).toContain('Erstattet auf die Karte am 05.12.2026');
    expect(german.lines).not.toContain('Rechnung');
    expect(german.pdf.toString('latin1')).toContain('(Rechnungskorrektur 2026-000043)');
    const english = await read(doc, 'en');
    expect(english.lines).toContain('Credit note');
    expect(english.lines).toContain('corrects invoice 2026-000042');
    expect(english.text).toContain('Total credited €119.00');
    expect(english.pdf.toString('latin1')).toContain('(Credit note 2026-000043)');
  });

  it('with more than one rate: the VAT per rate, a rate like 25.5 % with its decimal', async () => {
    const doc = invoice({
      lines: [
        { ...COURSE, vatRateBasisPoints: 2550, vatMinor: 2550, grossMinor: 12550 },
        { description: 'Printed workbook', quantity: 2, unitNetMinor: 1000, netMinor: 2000, vatRateBasisPoints: 1400, vatMinor: 280, grossMinor: 2280 },
      ],
      totals: { netMinor: 12000, vatMinor: 2830, grossMinor: 14830 },
      vatBreakdown: [
        { rateBasisPoints: 2550, netMinor: 10000, vatMinor: 2550 },
        { rateBasisPoints: 1400, netMinor: 2000, vatMinor: 280 },
      ],
    });
    const german = await read(doc, 'de');
    expect(german.text).toContain('Printed workbook 2 10,00 € 14 % 20,00 € 22,80 €');
    expect(german.text).toContain('Summe netto 120,00 € Umsatzsteuer 28,30 € Gesamtbetrag 148,30 €');
    expect(german.text).toContain('Umsatzsteuer nach Steuersätzen Steuersatz Netto USt. 25,5 % 100,00 € 25,50 € 14 % 20,00 € 2,80 €');
    const english = await read(doc, 'en');
    expect(english.text).toContain('VAT by rate Rate Net VAT 25.5% €100.00 €25.50 14% €20.00 €2.80');
  });

  it('with 60 lines: flows onto further pages, repeats the table header and numbers the pages', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ ...COURSE, description: `Lesson ${String(i + 1)}: practice session` }));
    const doc = invoice({ lines, totals: { netMinor: 600000, vatMinor: 114000, grossMinor: 714000 }, vatBreakdown: [{ rateBasisPoints: 1900, netMinor: 600000, vatMinor: 114000 }] });
    const english = await read(doc, 'en');
    const count = english.pages;
    expect(count).toBeGreaterThan(1);
    for (let page = 1; page <= count; page++) expect(english.lines).toContain(`Page ${String(page)} of ${String(count)}`);
    expect(english.lines.filter((line) => line === 'Description')).toHaveLength(count);
    expect(english.lines.filter((line) => line === 'Invoice 2026-000042')).toHaveLength(count);
    for (let n = 1; n <= 60; n++) expect(english.lines).toContain(`Lesson ${String(n)}: practice session`);
    expect(english.text).toContain('Total €7,140.00');
    const german = await read(doc, 'de');
    expect(german.lines).toEqual(expect.arrayContaining([`Seite 1 von ${String(german.pages)}`, `Seite ${String(german.pages)} von ${String(german.pages)}`]));
    expect(german.text).toContain('Gesamtbetrag 7.140,00 €');
  });

  it('in yen: amounts without decimals', async () => {
    const doc = invoice({
      currency: 'JPY',
      lines: [{ ...COURSE, unitNetMinor: 10000, netMinor: 10000, vatMinor: 1900, grossMinor: 11900 }],
      totals: { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 },
    });
    const english = await read(doc, 'en');
    expect(english.text).toContain('Total net JP¥10,000 VAT 19% JP¥1,900 Total JP¥11,900');
    expect(english.text).not.toMatch(/¥[\d,]+\.\d/);
    const german = await read(doc, 'de');
    expect(german.text).toContain('Gesamtbetrag 11.900 ¥');
    expect(german.text).not.toMatch(/\d,\d\d ¥/);
  });

  it('shows names in any script', async () => {
    const doc = invoice({
      seller: { name: 'Ἀλέξανδρος Παπαδόπουλος', addressLines: ['Οδός Ερμού 10', '105 63 Αθήνα'], country: 'GR', vatId: 'EL094259216' },
      buyer: { name: 'Дмитрий Иванов', company: 'Łukasz & Żaneta Wójcik s.c.', addressLines: ['ул. Тверская, 7'], country: 'PL' },
      lines: [{ ...COURSE, description: 'Κύρσος: Ελληνικά για αρχάριους — курс «Русский язык»' }],
    });
    const { lines, text } = await read(doc, 'en');
    expect(lines).toEqual(expect.arrayContaining(['Ἀλέξανδρος Παπαδόπουλος', 'Οδός Ερμού 10', 'Greece', 'VAT ID: EL094259216', 'Дмитрий Иванов', 'Łukasz & Żaneta Wójcik s.c.', 'ул. Тверская, 7']));
    expect(text).toContain('Κύρσος: Ελληνικά για αρχάριους — курс «Русский язык»');
    expect(text).not.toContain('\uFFFD');
  });

  it('for payment by bank transfer: the account, IBAN, reference and due date', async () => {
    const doc = invoice({
      payment: { method: 'bank_transfer', paidAt: null, bank: { accountHolder: 'Lectern Academy GmbH', iban: 'de89370400440532013000', bic: 'COBADEFFXXX', reference: 'RE 2026-000042', dueDate: '2026-12-16' } },
    });
    const german = await read(doc, 'de');
    expect(german.text).toContain('Bitte überweisen Sie 119,00 € bis zum 16.12.2026 unter Angabe des Verwendungszwecks auf folgendes Konto:');
    expect(german.text).toContain('Kontoinhaber Lectern Academy GmbH IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX Verwendungszweck RE 2026-000042 Fällig am 16.12.2026');
    expect(german.text).not.toContain('Bezahlt');
    const english = await read(doc, 'en');
    expect(english.text).toContain('Please transfer €119.00 by 16 December 2026 to the account below, quoting the reference:');
    expect(english.text).toContain('IBAN DE89 3704 0044 0532 0130 00');
    expect(english.text).toContain('Reference RE 2026-000042 Due date 16 December 2026');

    // Once the transfer has arrived, the invoice says when.
    const paid = await read(invoice({ payment: { ...doc.payment, paidAt: '2026-12-10T12:00:00Z' } }), 'en');
    expect(paid.text).toContain('Paid by bank transfer on 10 December 2026');
    expect(paid.text).not.toContain('Please transfer');
  });

  it('survives hostile strings: wraps or clips them, never throws, never runs off the page', async () => {
    const description = 'START' + Array.from({ length: 1995 }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
    const endless = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(15);
    const doc = invoice({
      number: '2026-000042\n\u0000',
      seller: { name: endless, addressLines: ['Line one\nLine two\r\n\tstill two', '\u202Eevil\u202C street'], country: 'not a country', vatId: 'DE\n123' },
      buyer: { name: `${endless} Jr.`, company: 'Acme\u0007 Ltd', addressLines: Array.from({ length: 30 }, (_, i) => `Address line ${String(i)}`), country: 'ZZZ', email: 'x@y' },
      orderReference: 'R'.repeat(500),
      lines: [{ ...COURSE, description }, { ...COURSE, description: '\uD800 lone surrogate \n\n and   spaces' }],
      totals: { netMinor: 20000, vatMinor: 3800, grossMinor: 23800 },
      payment: { method: 'card', paidAt: 'yesterday-ish' },
      logoPng: Buffer.from('not an image at all'),
      issuedAt: 'not a date',
      supplyDate: '2026-02-31',
    });
    for (const locale of ['de', 'en'] as const) {
      const { lines, text, pages } = await read(doc, locale);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(3);
      // A line of text at the smallest size used spans at most the page's width.
      for (const line of lines) expect(Array.from(line).length, line).toBeLessThanOrEqual(130);
      // The endless name is cut to its column, with an ellipsis.
      expect(lines.some((line) => line.startsWith('Wolfeschlegel') && line.endsWith('…'))).toBe(true);
      expect(text).toContain('Line one Line two still two');
      expect(text).toContain('evil street');
      expect(text).toContain('Acme Ltd');
      // No more than six address lines per party.
      expect(lines).toContain('Address line 5');
      expect(lines).not.toContain('Address line 6');
      // The long description wraps in its column; what does not fit on a page ends in an ellipsis.
      const start = lines.findIndex((line) => line.startsWith('START'));
      expect(start).toBeGreaterThan(-1);
      let shown = '';
      for (let i = start; !shown.endsWith('…') && i < lines.length; i++) shown += lines[i];
      expect(shown.length).toBeGreaterThan(1000);
      expect(description.startsWith(shown.slice(0, -1))).toBe(true);
      expect(text).toContain('lone surrogate and spaces');
      // Unreadable dates are shown as given.
      expect(text).toContain('not a date');
      expect(text).toContain('2026-02-31');
      expect(text).toContain(locale === 'de' ? 'Bezahlt per Karte' : 'Paid by card');
      expect(text).not.toContain('yesterday');
      expect(text).toContain(locale === 'de' ? 'Gesamtbetrag 238,00 €' : 'Total €238.00');
    }
  });

  it('renders the same invoice to the same bytes, with the logo embedded', async () => {
    const first = await renderInvoicePdf(invoice(), 'de');
    const second = await renderInvoicePdf(invoice(), 'de');
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1')).toContain('/Subtype /Image');
    const withoutLogo = await renderInvoicePdf(invoice({ logoPng: null }), 'de');
    expect(withoutLogo.toString('latin1')).not.toContain('/Subtype /Image');
  });
});
