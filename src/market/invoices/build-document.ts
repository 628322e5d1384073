import type { MarketSettings } from '../market.settings.js';
import type { Currency } from '../money.js';
import type { OrderLineRow, OrderRow, RefundLine, RefundRow } from '../orders/orders.repository.js';
import { localDateIn, toEuCountry } from '../tax/eu-vat-rates.js';
import { vatBreakdown, type TaxRule } from '../tax/index.js';
import type { InvoiceDocument, InvoiceLine, InvoiceParty } from './invoice-document.js';

/** What is stored of an issued document: all of it but the logo's bytes (kept as a blob, named by the row). */
export type StoredInvoiceDocument = Omit<InvoiceDocument, 'logoPng'>;

/**
 * The calendar date (YYYY-MM-DD) of an instant where the seller is: an invoice issued at 00:30 on
 * 1 January in Berlin is of the new year. Outside the EU, UTC's.
 */
export function sellerDateOf(sellerCountry: string, at: Date): string {
  const country = toEuCountry(sellerCountry);
  return country ? localDateIn(country, at) : at.toISOString().slice(0, 10);
}

/** `2026-000042`: the year of issue and the running number (which does not restart with the year). */
export function invoiceNumberOf(issuedDate: string, sequence: number): string {
  return `${issuedDate.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

const linesOfText = (text: string | null | undefined): string[] =>
  String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The seller as the store's settings name it now; the site's name when the seller has not given one. */
export function sellerOf(settings: MarketSettings, siteName: string): InvoiceParty {
  return {
    name: settings.sellerName || siteName,
    addressLines: linesOfText(settings.sellerAddress),
    country: settings.sellerCountry,
    vatId: settings.sellerVatId || null,
    email: settings.sellerEmail || null,
  };
}

/** The buyer as the order copied them when it was placed (their account may have changed or gone since). */
export function buyerOf(order: OrderRow): InvoiceParty {
  return {
    name: `${order.buyerFirstName} ${order.buyerLastName}`.trim(),
    company: order.buyerCompany || null,
    addressLines: linesOfText(order.buyerAddress),
    country: order.buyerCountry,
    vatId: order.buyerVatId || null,
    email: order.buyerEmail,
  };
}

/** The net price of one unit: the line's net when it divides evenly, else rounded (the line's net is the amount that counts). */
function unitNetOf(line: OrderLineRow): number {
  if (line.unitPriceMinor * line.quantity === line.netMinor) return line.unitPriceMinor;
  return Math.round(line.netMinor / line.quantity);
}

interface TaxedInvoiceLine extends InvoiceLine {
  rule: TaxRule;
  taxCountry: string | null;
}

/** Totals, the VAT per rate (one row per rate), and the notes the tax rules of the lines ask for. */
function sums(lines: readonly TaxedInvoiceLine[]): Pick<StoredInvoiceDocument, 'lines' | 'totals' | 'vatBreakdown' | 'reverseCharge' | 'outsideEu'> {
  const perRate = new Map<number, { rateBasisPoints: number; netMinor: number; vatMinor: number }>();
  for (const row of vatBreakdown(lines.map((line) => ({ ...line, rateBasisPoints: line.vatRateBasisPoints })))) {
    const merged = perRate.get(row.rateBasisPoints) ?? { rateBasisPoints: row.rateBasisPoints, netMinor: 0, vatMinor: 0 };
    merged.netMinor += row.netMinor;
    merged.vatMinor += row.vatMinor;
    perRate.set(row.rateBasisPoints, merged);
  }
  return {
    lines: lines.map(({ rule: _rule, taxCountry: _country, ...line }) => line),
    totals: {
      netMinor: lines.reduce((sum, line) => sum + line.netMinor, 0),
      vatMinor: lines.reduce((sum, line) => sum + line.vatMinor, 0),
      grossMinor: lines.reduce((sum, line) => sum + line.grossMinor, 0),
    },
    vatBreakdown: [...perRate.values()],
    reverseCharge: lines.some((line) => line.rule === 'reverse_charge'),
    outsideEu: lines.some((line) => line.rule === 'outside_eu'),
  };
}

/**
 * The invoice of an order: seller as set now, buyer and lines as ordered. A card payment is paid on
 * the day it was; a bank transfer is due `paymentTermDays` after the day of issue, quoting the
 * order's reference.
 */
export function invoiceDocumentOf(input: { order: OrderRow; lines: readonly OrderLineRow[]; settings: MarketSettings; siteName: string; number: string; issuedDate: string }): StoredInvoiceDocument {
  const { order, settings } = input;
  const seller = sellerOf(settings, input.siteName);
  const paidAt = order.paidAt ? sellerDateOf(settings.sellerCountry, order.paidAt) : null;
  const bank = settings.bankTransfer;
  return {
    kind: 'invoice',
    number: input.number,
    issuedAt: input.issuedDate,
    supplyDate: paidAt ?? input.issuedDate,
    correctsNumber: null,
    orderReference: order.reference,
    seller,
    buyer: buyerOf(order),
    currency: order.currency as Currency,
    ...sums(
      input.lines.map((line) => ({
        description: line.title,
        quantity: line.quantity,
        unitNetMinor: unitNetOf(line),
        netMinor: line.netMinor,
        vatRateBasisPoints: line.vatRateBasisPoints,
        vatMinor: line.vatMinor,
        grossMinor: line.grossMinor,
        rule: line.taxRule,
        taxCountry: line.taxCountry,
      })),
    ),
    payment:
      order.provider === 'invoice'
        ? {
            method: 'bank_transfer',
            paidAt,
            bank: { accountHolder: bank.accountHolder || seller.name, iban: bank.iban, bic: bank.bic || null, reference: order.reference, dueDate: addDays(input.issuedDate, bank.paymentTermDays) },
          }
        : { method: 'card', paidAt },
  };
}

/** `a × b / c` rounded half up, in integers of any size (an amount times an amount leaves the safe range). */
function mulDivRounded(a: number, b: number, c: number): number {
  const numerator = 2n * BigInt(a) * BigInt(b) + BigInt(c);
  return Number(numerator / (2n * BigInt(c)));
}

/**
 * The net and VAT of `amountMinor` given back of a line, in the line's proportion: the VAT is
 * rounded, the net is the rest, so net + VAT is the amount to the cent (and the whole line gives
 * back exactly its own net and VAT).
 */
export function refundedPart(amountMinor: number, line: { netMinor: number; vatMinor: number; grossMinor: number }): { netMinor: number; vatMinor: number } {
  if (amountMinor === line.grossMinor) return { netMinor: line.netMinor, vatMinor: line.vatMinor };
  const vatMinor = line.grossMinor > 0 ? mulDivRounded(amountMinor, line.vatMinor, line.grossMinor) : 0;
  return { netMinor: amountMinor - vatMinor, vatMinor };
}

/**
 * The credit note of a refund or chargeback: what was given back of each line, taxed as the line
 * was, correcting the order's invoice. Lines the refund does not name, or names with nothing, are
 * left out. Undefined when nothing is left (nothing to credit).
 */
export function creditNoteDocumentOf(input: {
  invoice: StoredInvoiceDocument;
  order: OrderRow;
  lines: readonly OrderLineRow[];
  refund: RefundRow;
  settings: MarketSettings;
  siteName: string;
  number: string;
  issuedDate: string;
}): StoredInvoiceDocument | undefined {
  const { invoice, refund } = input;
  const byId = new Map(input.lines.map((line) => [line.id, line]));
  const credited = (refund.lines as RefundLine[]).flatMap((part) => {
    const line = byId.get(part.lineId);
    if (!line || !Number.isSafeInteger(part.amountMinor) || part.amountMinor <= 0) return [];
    const { netMinor, vatMinor } = refundedPart(part.amountMinor, line);
    const whole = part.amountMinor === line.grossMinor;
    return [
      {
        description: line.title,
        quantity: whole ? line.quantity : 1,
        unitNetMinor: whole ? unitNetOf(line) : netMinor,
        netMinor,
        vatRateBasisPoints: line.vatRateBasisPoints,
        vatMinor,
        grossMinor: part.amountMinor,
        rule: line.taxRule,
        taxCountry: line.taxCountry,
      },
    ];
  });
  if (credited.length === 0) return undefined;
  const givenBack = sellerDateOf(input.settings.sellerCountry, refund.settledAt ?? refund.createdAt);
  return {
    kind: 'credit_note',
    number: input.number,
    issuedAt: input.issuedDate,
    supplyDate: invoice.supplyDate,
    correctsNumber: invoice.number,
    orderReference: input.order.reference,
    seller: sellerOf(input.settings, input.siteName),
    buyer: invoice.buyer,
    currency: invoice.currency,
    ...sums(credited),
    payment: { method: invoice.payment.method, paidAt: givenBack, bank: null },
  };
}
