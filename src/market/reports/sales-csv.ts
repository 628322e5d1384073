import { csvDialectOf, csvLine, csvText, UTF8_BOM } from '../../platform/http/index.js';
import { isCurrency, minorDigits } from '../money.js';
import type { SalesLineRow } from './reports.repository.js';

/** Accounting tools read this file: always commas and decimal points, whatever the seller's language. */
const DIALECT = csvDialectOf('en');

const HEADER = [
  'Paid (UTC)',
  'Order',
  'Status',
  'Buyer country',
  'Buyer VAT ID',
  'Tax rule',
  'VAT rate (%)',
  'Tax country',
  'Product',
  'Quantity',
  'Net',
  'VAT',
  'Gross',
  'Refunded',
  'Currency',
  'Payment provider',
  'Coupon',
];

/** Minor units as a decimal with a point and the currency's digits: 11900 EUR -> `119.00`, 500 JPY -> `500`. */
export function decimalAmount(amountMinor: number, digits: number): string {
  if (digits === 0) return String(amountMinor);
  const sign = amountMinor < 0 ? '-' : '';
  const magnitude = Math.abs(amountMinor);
  const unit = 10 ** digits;
  return `${sign}${String(Math.floor(magnitude / unit))}.${String(magnitude % unit).padStart(digits, '0')}`;
}

/** The sales lines as a CSV file (UTF-8 with BOM, for Excel); every text cell is guarded against formulas. */
export function salesCsvText(lines: readonly SalesLineRow[]): string {
  let csv = UTF8_BOM + csvLine(HEADER.map((cell) => csvText(cell, DIALECT)), DIALECT);
  for (const line of lines) {
    const digits = isCurrency(line.currency) ? minorDigits(line.currency) : 2;
    const money = (amountMinor: number) => decimalAmount(amountMinor, digits);
    const text = [
      line.paidDate,
      line.reference,
      line.status,
      line.buyerCountry,
      line.buyerVatId ?? '',
      line.taxRule,
      decimalAmount(line.vatRateBasisPoints, 2),
      line.taxCountry ?? '',
      line.title,
      String(line.quantity),
      money(line.netMinor),
      money(line.vatMinor),
      money(line.grossMinor),
      money(line.refundedMinor),
      line.currency,
      line.provider,
      line.couponCode ?? '',
    ];
    csv += csvLine(text.map((cell) => csvText(cell, DIALECT)), DIALECT);
  }
  return csv;
}
