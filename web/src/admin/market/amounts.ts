// Amounts of money between what a person types ("49,90" in German, "49.90" in English) and the
// API's integer minor units (4990). Only strings and integers are handled: a float never touches an
// amount, so 19.99 does not become 1998 cents. Free of React so it can be unit-tested in Node.
import { formatMoney, isCurrency, MARKET_CURRENCIES, MAX_AMOUNT_MINOR, minorDigits, type Currency } from '../../../../src/market/money';

export { MARKET_CURRENCIES, MAX_AMOUNT_MINOR, isCurrency, minorDigits, type Currency };

/** Why a typed amount cannot be taken. */
export type AmountProblem = 'required' | 'format' | 'decimals' | 'tooSmall' | 'tooLarge';

export type AmountReading = { ok: true; minor: number } | { ok: false; problem: AmountProblem };

/** The decimal and grouping characters of a UI language ("," and "." in German). */
export function separatorsOf(language: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(language).formatToParts(12345.6);
  return { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a typed amount in the UI language's notation as minor units of `currency`. Grouping is
 * optional but, when used, must group by thousands ("1.234,5" is 1234.50 in German; "49.90" in
 * German is refused rather than read as 4990 euros); more decimals than the currency has are
 * refused, not rounded ("12,345" euros).
 */
export function readAmount(text: string, currency: Currency, language: string, range: { min?: number; max?: number } = {}): AmountReading {
  const min = range.min ?? 1;
  const max = range.max ?? MAX_AMOUNT_MINOR;
  // Spaces (also the no-break spaces some keyboards and copies bring) only ever separate groups.
  const typed = text.replace(/[\s\u00a0\u202f]/g, '');
  if (typed === '') return { ok: false, problem: 'required' };
  const { decimal, group } = separatorsOf(language);
  const pattern = new RegExp(`^(\\d+|\\d{1,3}(?:${escape(group)}\\d{3})+)(?:${escape(decimal)}(\\d*))?$`);
  const match = pattern.exec(typed);
  if (!match) return { ok: false, problem: 'format' };
  const whole = (match[1] ?? '').split(group).join('');
  const fraction = match[2] ?? '';
  const digits = minorDigits(currency);
  if (fraction.length > digits) return { ok: false, problem: 'decimals' };
  const minorText = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  // Longer than any allowed amount: refused before it could lose precision as a number.
  if (minorText.length > String(max).length) return { ok: false, problem: 'tooLarge' };
  const minor = Number(minorText);
  if (minor > max) return { ok: false, problem: 'tooLarge' };
  if (minor < min) return { ok: false, problem: 'tooSmall' };
  return { ok: true, minor };
}

/** Minor units as the amount field shows them ("4990" EUR -> "49,90" in German), without grouping or currency. */
export function amountText(minor: number, currency: Currency, language: string): string {
  const digits = minorDigits(currency);
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${minor < 0 ? '-' : ''}${whole}${digits > 0 ? `${separatorsOf(language).decimal}${fraction}` : ''}`;
}

/** An amount as a person reads it in the UI language ("49,90 €", "€49.90"); a currency the store does not know gets two decimals. */
export function formatAmount(minor: number, currency: string, language: string): string {
  const locale = language.startsWith('de') ? 'de' : 'en';
  if (isCurrency(currency)) return formatMoney(minor, currency, locale);
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100) + ` ${currency}`;
}

/** A VAT rate in basis points as a percentage in the UI language ("1900" -> "19 %", "550" -> "5,5 %"). */
export function formatRate(basisPoints: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}
