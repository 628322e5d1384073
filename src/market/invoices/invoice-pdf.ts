import PDFDocument from 'pdfkit';
import { pdfBytes } from '../../platform/pdf/index.js';
import { formatMoney } from '../money.js';
import type { InvoiceDocument, InvoiceParty } from './invoice-document.js';

export type { InvoiceDocument, InvoiceLine, InvoiceParty } from './invoice-document.js';

type Locale = 'de' | 'en';
type Kind = InvoiceDocument['kind'];
type When = (date: string | null) => string;

interface Wording {
  title: Record<Kind, string>;
  corrects: (number: string) => string;
  creditIntro: string;
  number: Record<Kind, string>;
  correctsLabel: string;
  issued: Record<Kind, string>;
  supplied: string;
  order: string;
  recipient: Record<Kind, string>;
  vatId: (id: string) => string;
  columns: [string, string, string, string, string, string];
  totalNet: string;
  vat: (rate: string | null) => string;
  total: Record<Kind, string>;
  breakdown: string;
  breakdownColumns: [string, string, string];
  reverseCharge: string;
  outsideEu: string;
  payment: string;
  card: Record<Kind, When>;
  transfer: Record<Kind, When>;
  pleaseTransfer: (amount: string, due: string) => string;
  bank: { accountHolder: string; iban: string; bic: string; reference: string; dueDate: string };
  page: (page: number, count: number) => string;
  percent: (rate: string) => string;
}

const WORDING: Record<Locale, Wording> = {
  en: {
    title: { invoice: 'Invoice', credit_note: 'Credit note' },
    corrects: (number) => `corrects invoice ${number}`,
    creditIntro: 'The amounts below are credited to you.',
    number: { invoice: 'Invoice number', credit_note: 'Credit note number' },
    correctsLabel: 'Corrects invoice',
    issued: { invoice: 'Date of issue', credit_note: 'Date of issue' },
    supplied: 'Date of supply',
    order: 'Order',
    recipient: { invoice: 'Bill to', credit_note: 'Customer' },
    vatId: (id) => `VAT ID: ${id}`,
    columns: ['Description', 'Qty', 'Unit price (net)', 'VAT', 'Net', 'Gross'],
    totalNet: 'Total net',
    vat: (rate) => (rate === null ? 'VAT' : `VAT ${rate}`),
    total: { invoice: 'Total', credit_note: 'Total credited' },
    breakdown: 'VAT by rate',
    breakdownColumns: ['Rate', 'Net', 'VAT'],
    reverseCharge: 'Reverse charge: the recipient is liable for the VAT (Article 196, Council Directive 2006/112/EC).',
    outsideEu: 'Not taxable in the EU: the recipient is established outside the European Union.',
    payment: 'Payment',
    card: {
      invoice: (date) => (date ? `Paid by card on ${date}` : 'Paid by card'),
      credit_note: (date) => (date ? `Refunded to the card on ${date}` : 'Refunded to the card used for payment'),
    },
    transfer: {
      invoice: (date) => (date ? `Paid by bank transfer on ${date}` : 'Payment by bank transfer'),
      credit_note: (date) => (date ? `Refunded by bank transfer on ${date}` : 'The amount is refunded by bank transfer'),
    },
    pleaseTransfer: (amount, due) => `Please transfer ${amount} by ${due} to the account below, quoting the reference:`,
    bank: { accountHolder: 'Account holder', iban: 'IBAN', bic: 'BIC', reference: 'Reference', dueDate: 'Due date' },
    page: (page, count) => `Page ${String(page)} of ${String(count)}`,
    percent: (rate) => `${rate}%`,
  },
  de: {
    title: { invoice: 'Rechnung', credit_note: 'Rechnungskorrektur' },
    corrects: (number) => `zu Rechnung ${number}`,
    creditIntro: 'Die folgenden Beträge werden Ihnen erstattet.',
    number: { invoice: 'Rechnungsnummer', credit_note: 'Belegnummer' },
    correctsLabel: 'Zu Rechnung',
    issued: { invoice: 'Rechnungsdatum', credit_note: 'Ausstellungsdatum' },
    supplied: 'Leistungsdatum',
    order: 'Bestellung',
    recipient: { invoice: 'Rechnungsempfänger', credit_note: 'Empfänger' },
    vatId: (id) => `USt-IdNr.: ${id}`,
    columns: ['Beschreibung', 'Menge', 'Einzelpreis (netto)', 'USt.', 'Netto', 'Brutto'],
    totalNet: 'Summe netto',
    vat: (rate) => (rate === null ? 'Umsatzsteuer' : `Umsatzsteuer ${rate}`),
    total: { invoice: 'Gesamtbetrag', credit_note: 'Erstattungsbetrag' },
    breakdown: 'Umsatzsteuer nach Steuersätzen',
    breakdownColumns: ['Steuersatz', 'Netto', 'USt.'],
    reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL).',
    outsideEu: 'Nicht in der EU steuerbare Leistung: der Leistungsempfänger ist außerhalb der Europäischen Union ansässig.',
    payment: 'Zahlung',
    card: {
      invoice: (date) => (date ? `Bezahlt per Karte am ${date}` : 'Bezahlt per Karte'),
      credit_note: (date) => (date ? `Erstattet auf die Karte am ${date}` : 'Der Betrag wird auf die Karte erstattet, mit der bezahlt wurde'),
    },
    transfer: {
      invoice: (date) => (date ? `Bezahlt per Überweisung am ${date}` : 'Zahlung per Überweisung'),
      credit_note: (date) => (date ? `Erstattet per Überweisung am ${date}` : 'Der Betrag wird per Überweisung erstattet'),
    },
    pleaseTransfer: (amount, due) => `Bitte überweisen Sie ${amount} bis zum ${due} unter Angabe des Verwendungszwecks auf folgendes Konto:`,
    bank: { accountHolder: 'Kontoinhaber', iban: 'IBAN', bic: 'BIC', reference: 'Verwendungszweck', dueDate: 'Fällig am' },
    page: (page, count) => `Seite ${String(page)} von ${String(count)}`,
    percent: (rate) => `${rate} %`,
  },
};

const INK = '#1f2933';
const MUTED = '#52606d';
const RULE = '#cbd2d9';
const MARGIN = 50;
/** Kept free at the bottom of each page for the page number, inside the margin box. */
const FOOTER_ROOM = 24;
const LINE_GAP = 1.5;
const CELL_PAD = 4;
const COLUMN_GAP = 6;
/** Quantity, unit price, VAT rate, net, gross: fixed, so the amounts line up on every page; the description takes the rest. */
const NUMBER_COLUMNS = [40, 72, 40, 72, 72];
const SIDE_WIDTH = 220;
const ELLIPSIS = '…';

/**
 * A string from outside as one clean line: control characters, line breaks and invisible
 * direction marks become spaces or go (pdfkit would draw them as missing glyphs or break lines
 * where the layout does not expect it), and it is cut at `max` characters so measuring stays cheap.
 */
function clean(value: string | null | undefined, max = 300): string {
  const text = String(value ?? '')
    // A lone surrogate has no glyph and no Unicode mapping.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max - 1).join('') + ELLIPSIS : text;
}

/**
 * The calendar date an ISO date or date-time starts with, as UTC midnight. The date is read as
 * written, so a time with an offset keeps the day the issuer meant.
 */
function calendarDate(iso: string | null | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? '').trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // 2026-02-31 is no date (Date would roll it over into March).
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

/** A date as the locale writes it (`02.12.2026`, `2 December 2026`); anything unreadable is shown as given rather than failing the invoice. */
function formatDate(iso: string | null | undefined, locale: Locale): string {
  const date = calendarDate(iso);
  if (!date) return clean(iso, 40);
  const options: Intl.DateTimeFormatOptions = locale === 'de' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', options).format(date);
}

/** A VAT rate in basis points as a percentage: `19 %`, `25,5 %` in German; `19%`, `25.5%` in English. */
function formatRate(basisPoints: number, locale: Locale): string {
  if (!Number.isFinite(basisPoints)) return '–';
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 }).format(basisPoints / 100);
  return WORDING[locale].percent(number);
}

function formatQuantity(quantity: number, locale: Locale): string {
  return Number.isFinite(quantity) ? new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 3 }).format(quantity) : '–';
}

function countryName(code: string, locale: Locale): string {
  const cleaned = clean(code, 40);
  if (!/^[A-Za-z]{2}$/.test(cleaned)) return cleaned;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(cleaned.toUpperCase()) ?? cleaned.toUpperCase();
  } catch {
    return cleaned.toUpperCase();
  }
}

/** An IBAN in groups of four, as banks print it. */
function formatIban(iban: string): string {
  return clean(iban, 60).replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The invoice or credit note as a PDF (A4, margins 50pt), in German or English: the seller with
 * its VAT ID, the buyer, number and dates, the lines, totals, the VAT per rate when there is more
 * than one, the notes the VAT law asks for, and how it is (to be) paid. Lines flow onto further
 * pages under a repeated table header; every page says which of how many it is.
 *
 * Amounts must be integers of minor units (formatMoney throws otherwise: a wrong amount on an
 * invoice is worse than none). Strings are cleaned and clipped or wrapped, never trusted to fit.
 */
export function renderInvoicePdf(doc: InvoiceDocument, locale: Locale): Promise<Buffer> {
  const words = WORDING[locale];
  const kind: Kind = doc.kind === 'credit_note' ? 'credit_note' : 'invoice';
  const money = (amountMinor: number) => formatMoney(amountMinor, doc.currency, locale);
  const number = clean(doc.number, 60);
  const title = words.title[kind];

  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: locale,
    displayTitle: true,
    // The page numbers ("1 of n") are written once all pages exist.
    bufferPages: true,
    // The date of issue rather than the clock: the same invoice renders to the same bytes.
    info: { Title: `${title} ${number}`, Author: clean(doc.seller.name, 200), Creator: 'Lectern', CreationDate: calendarDate(doc.issuedAt) ?? new Date(0) },
  });
  const done = pdfBytes(pdf);

  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - MARGIN - FOOTER_ROOM;
  const side = { x: MARGIN + width - SIDE_WIDTH, width: SIDE_WIDTH };
  let y = MARGIN;

  let fontSize = 9;
  const use = (font: 'regular' | 'bold', size: number, color = INK) => {
    fontSize = size;
    pdf.font(font).fontSize(size).fillColor(color);
  };
  const lineHeight = () => pdf.currentLineHeight(true) + LINE_GAP;
  /** Starts a new page when `height` does not fit on this one. */
  const room = (height: number): boolean => {
    if (y + height <= bottom()) return false;
    pdf.addPage();
    y = MARGIN;
    return true;
  };

  /** Text cut with an ellipsis to one line of `max` points: it never runs into the next column. */
  const clip = (text: string, max: number): string => {
    if (pdf.widthOfString(text) <= max) return text;
    const chars = Array.from(text);
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (pdf.widthOfString(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= max) low = mid;
      else high = mid - 1;
    }
    return chars.slice(0, low).join('').trimEnd() + ELLIPSIS;
  };
  /** One line at (x, top), aligned in `width`; returns the y below it. */
  const line = (text: string, x: number, top: number, cellWidth: number, align: 'left' | 'right' = 'left'): number => {
    const fitted = clip(text, cellWidth);
    const dx = align === 'right' ? Math.max(0, cellWidth - pdf.widthOfString(fitted)) : 0;
    pdf.text(fitted, x + dx, top, { lineBreak: false });
    return top + lineHeight();
  };
  /** An amount or number on one line: a size smaller before it is clipped, since a cut number misleads. */
  const figure = (text: string, x: number, top: number, cellWidth: number) => {
    let smaller = fontSize;
    while (smaller > 6 && pdf.widthOfString(text) > cellWidth) pdf.fontSize((smaller -= 0.5));
    line(text, x, top, cellWidth, 'right');
    pdf.fontSize(fontSize);
  };
  const heightOf = (text: string, boxWidth: number, maxLines: number): number => (text === '' ? 0 : Math.min(pdf.heightOfString(text, { width: boxWidth, lineGap: LINE_GAP }), maxLines * lineHeight()));
  /** Wrapped text of at most `maxLines` lines (the last ends in an ellipsis when cut); returns the y below it. */
  const paragraph = (text: string, x: number, top: number, boxWidth: number, maxLines: number, align: 'left' | 'right' = 'left'): number => {
    const height = heightOf(text, boxWidth, maxLines);
    if (height > 0) pdf.text(text, x, top, { width: boxWidth, height: height + 0.5, ellipsis: ELLIPSIS, lineGap: LINE_GAP, align });
    return top + height;
  };

  /** A party's name, company, address, country and VAT ID (and the seller's email), each wrapped or clipped. */
  const partyBlock = (party: InvoiceParty, x: number, at: number, blockWidth: number, align: 'left' | 'right', withEmail: boolean): number => {
    const company = clean(party.company, 200);
    const name = clean(party.name, 200);
    let next = at;
    use('bold', 10, INK);
    next = paragraph(company || name, x, next, blockWidth, 2, align);
    use('regular', 9, INK);
    if (company && name) next = paragraph(name, x, next, blockWidth, 2, align);
    for (const addressLine of (party.addressLines ?? []).slice(0, 6)) next = paragraph(clean(addressLine, 200), x, next, blockWidth, 2, align);
    next = paragraph(countryName(party.country, locale), x, next, blockWidth, 1, align);
    const vatId = clean(party.vatId, 40);
    if (vatId) next = paragraph(words.vatId(vatId), x, next, blockWidth, 1, align);
    const email = clean(party.email, 200);
    if (withEmail && email) next = paragraph(email, x, next, blockWidth, 1, align);
    return next;
  };

  // Letterhead: the logo on the left, the seller on the right.
  const top = y;
  let logoBottom = top;
  if (doc.logoPng && doc.logoPng.length > 0) {
    try {
      pdf.image(doc.logoPng, MARGIN, top, { fit: [170, 56] });
      logoBottom = top + 56;
    } catch {
      // A logo pdfkit cannot read must not keep the invoice from being issued.
    }
  }
  const sellerBottom = partyBlock(doc.seller, side.x, top, side.width, 'right', true);
  y = Math.max(logoBottom, sellerBottom) + 28;

  // The recipient on the left, the invoice's number and dates on the right.
  const blockTop = y;
  use('regular', 8, MUTED);
  const recipientTop = line(words.recipient[kind], MARGIN, blockTop, 250);
  const buyerBottom = partyBlock(doc.buyer, MARGIN, recipientTop + 2, 250, 'left', false);
  const facts: [string, string][] = [
    [words.number[kind], number],
    ...(kind === 'credit_note' && doc.correctsNumber ? [[words.correctsLabel, clean(doc.correctsNumber, 60)] as [string, string]] : []),
    [words.issued[kind], formatDate(doc.issuedAt, locale)],
    [words.supplied, formatDate(doc.supplyDate, locale)],
    [words.order, clean(doc.orderReference, 80)],
  ];
  let factsBottom = blockTop;
  for (const [label, value] of facts) {
    use('regular', 9, MUTED);
    line(label, side.x, factsBottom, 100);
    use('regular', 9, INK);
    factsBottom = line(value, side.x + 100, factsBottom, side.width - 100, 'right') + 1;
  }
  y = Math.max(buyerBottom, factsBottom) + 26;

  use('bold', 20, INK);
  y = line(title, MARGIN, y, width) + 2;
  if (kind === 'credit_note') {
    use('regular', 10, INK);
    if (doc.correctsNumber) y = line(words.corrects(clean(doc.correctsNumber, 60)), MARGIN, y, width);
    use('regular', 9, MUTED);
    y = line(words.creditIntro, MARGIN, y, width);
  }
  y += 12;

  // The lines: description wraps, the figures stay on one line each.
  const descriptionWidth = width - NUMBER_COLUMNS.reduce((sum, w) => sum + w, 0) - NUMBER_COLUMNS.length * COLUMN_GAP;
  const columnWidths = [descriptionWidth, ...NUMBER_COLUMNS];
  const columnXs = columnWidths.map((_, i) => MARGIN + columnWidths.slice(0, i).reduce((sum, w) => sum + w + COLUMN_GAP, 0));
  const rule = (at: number, color = RULE, lineWidth = 0.5) => pdf.save().moveTo(MARGIN, at).lineTo(MARGIN + width, at).lineWidth(lineWidth).strokeColor(color).stroke().restore();
  const tableHeader = () => {
    use('bold', 8, MUTED);
    let height = 0;
    words.columns.forEach((label, i) => {
      height = Math.max(height, paragraph(label, columnXs[i]!, y, columnWidths[i]!, 2, i === 0 ? 'left' : 'right') - y);
    });
    y += height + 3;
    rule(y, MUTED, 0.75);
    y += 2;
  };
  use('bold', 8, MUTED);
  const headerHeight = Math.max(...words.columns.map((label, i) => heightOf(label, columnWidths[i]!, 2))) + 5;
  use('regular', 9, INK);
  // A row never outgrows a fresh page under the header, so the table always moves on.
  const maxDescriptionLines = Math.max(1, Math.floor((pdf.page.height - 2 * MARGIN - FOOTER_ROOM - headerHeight - 2 * CELL_PAD) / lineHeight()));
  room(headerHeight + lineHeight() + 2 * CELL_PAD);
  tableHeader();
  for (const item of doc.lines) {
    use('regular', 9, INK);
    const description = clean(item.description, 5000);
    const figures = [formatQuantity(item.quantity, locale), money(item.unitNetMinor), formatRate(item.vatRateBasisPoints, locale), money(item.netMinor), money(item.grossMinor)];
    const rowHeight = Math.max(heightOf(description, descriptionWidth, maxDescriptionLines), lineHeight()) + 2 * CELL_PAD;
    if (room(rowHeight)) tableHeader();
    use('regular', 9, INK);
    paragraph(description, columnXs[0]!, y + CELL_PAD, descriptionWidth, maxDescriptionLines);
    figures.forEach((text, i) => figure(text, columnXs[i + 1]!, y + CELL_PAD, columnWidths[i + 1]!));
    y += rowHeight;
    rule(y);
  }
  y += 10;

  // Totals, kept together on the right.
  const singleRate = doc.vatBreakdown.length === 1 ? formatRate(doc.vatBreakdown[0]!.rateBasisPoints, locale) : null;
  const totals: [string, string, boolean][] = [
    [words.totalNet, money(doc.totals.netMinor), false],
    [words.vat(singleRate), money(doc.totals.vatMinor), false],
    [words.total[kind], money(doc.totals.grossMinor), true],
  ];
  use('bold', 10, INK);
  room(totals.length * (lineHeight() + 2) + 6);
  for (const [label, value, strong] of totals) {
    if (strong) {
      pdf.save().moveTo(side.x, y).lineTo(side.x + side.width, y).lineWidth(0.75).strokeColor(MUTED).stroke().restore();
      y += 3;
    }
    use(strong ? 'bold' : 'regular', strong ? 10 : 9, strong ? INK : MUTED);
    line(label, side.x, y, 110);
    use(strong ? 'bold' : 'regular', strong ? 10 : 9, INK);
    figure(value, side.x + 110, y, side.width - 110);
    y += lineHeight() + 2;
  }

  // The VAT per rate, which the law asks for when an invoice has more than one.
  if (doc.vatBreakdown.length > 1) {
    y += 10;
    use('regular', 8, MUTED);
    room(3 * lineHeight() + 8);
    use('bold', 9, INK);
    y = line(words.breakdown, side.x, y, side.width) + 2;
    const breakdownWidths = [60, 80, 80];
    const breakdownXs = [side.x, side.x + 60, side.x + 140];
    use('bold', 8, MUTED);
    words.breakdownColumns.forEach((label, i) => line(label, breakdownXs[i]!, y, breakdownWidths[i]!, i === 0 ? 'left' : 'right'));
    y += lineHeight() + 1;
    for (const rate of doc.vatBreakdown) {
      use('regular', 9, INK);
      room(lineHeight());
      line(formatRate(rate.rateBasisPoints, locale), breakdownXs[0]!, y, breakdownWidths[0]!);
      figure(money(rate.netMinor), breakdownXs[1]!, y, breakdownWidths[1]!);
      figure(money(rate.vatMinor), breakdownXs[2]!, y, breakdownWidths[2]!);
      y += lineHeight();
    }
  }

  // The notes VAT law asks for.
  const notes = [...(doc.reverseCharge ? [words.reverseCharge] : []), ...(doc.outsideEu ? [words.outsideEu] : [])];
  if (notes.length > 0) y += 14;
  for (const note of notes) {
    use('regular', 9, INK);
    room(heightOf(note, width, 4));
    y = paragraph(note, MARGIN, y, width, 4) + 4;
  }

  // How it is paid, or where to pay it.
  y += 14;
  const bank = doc.payment.bank;
  // Without a readable date the payment is still stated, just without its day.
  const paidAt = calendarDate(doc.payment.paidAt) ? formatDate(doc.payment.paidAt, locale) : null;
  const owesTransfer = kind === 'invoice' && doc.payment.method === 'bank_transfer' && !paidAt && bank;
  const status = doc.payment.method === 'card' ? words.card[kind](paidAt) : owesTransfer ? words.pleaseTransfer(money(doc.totals.grossMinor), formatDate(bank.dueDate, locale)) : words.transfer[kind](paidAt);
  use('regular', 9, INK);
  const bankRows: [string, string][] = owesTransfer
    ? [
        [words.bank.accountHolder, clean(bank.accountHolder, 140)],
        [words.bank.iban, formatIban(bank.iban)],
        ...(bank.bic ? [[words.bank.bic, clean(bank.bic, 20)] as [string, string]] : []),
        [words.bank.reference, clean(bank.reference, 140)],
        [words.bank.dueDate, formatDate(bank.dueDate, locale)],
      ]
    : [];
  room(lineHeight() + 2 + heightOf(status, width, 3) + bankRows.length * lineHeight() + 4);
  use('bold', 10, INK);
  y = line(words.payment, MARGIN, y, width) + 2;
  use('regular', 9, INK);
  y = paragraph(status, MARGIN, y, width, 3) + 4;
  for (const [label, value] of bankRows) {
    use('regular', 9, MUTED);
    line(label, MARGIN, y, 120);
    use(label === words.bank.iban || label === words.bank.reference ? 'bold' : 'regular', 9, INK);
    y = line(value, MARGIN + 120, y, width - 120);
  }

  // Every page: which document, and which page of how many.
  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    const footerY = pdf.page.height - MARGIN - 10;
    use('regular', 8, MUTED);
    line(`${title} ${number}`, MARGIN, footerY, width / 2);
    line(words.page(i + 1, pages.count), MARGIN + width / 2, footerY, width / 2, 'right');
  }
  pdf.end();
  return done;
}
