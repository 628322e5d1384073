import type { EuCountry } from './eu-vat-rates.js';
import { toEuCountry } from './eu-vat-rates.js';

/**
 * VAT identification numbers of the EU member states: a two-letter prefix and the national number.
 * A well-formed number may still not exist; only VIES (vies.ts) says whether a member state issued it.
 *
 * Northern Ireland's XI numbers are not accepted: the Windsor Framework keeps Northern Ireland in the
 * EU VAT area for goods only, so for electronically supplied services a buyer there is a UK buyer,
 * outside the EU, and needs no VAT ID. An XI number is refused like any other non-EU prefix.
 */

/** The VAT prefix of each member state: its country code, except Greece's EL. */
const VAT_PREFIX: Readonly<Record<EuCountry, string>> = {
  AT: 'AT', BE: 'BE', BG: 'BG', CY: 'CY', CZ: 'CZ', DE: 'DE', DK: 'DK', EE: 'EE', ES: 'ES', FI: 'FI', FR: 'FR', GR: 'EL', HR: 'HR', HU: 'HU',
  IE: 'IE', IT: 'IT', LT: 'LT', LU: 'LU', LV: 'LV', MT: 'MT', NL: 'NL', PL: 'PL', PT: 'PT', RO: 'RO', SE: 'SE', SI: 'SI', SK: 'SK',
};

/** The national number after the prefix, per member state (the formats VIES publishes). */
const NUMBER_FORMAT: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^[1-9]\d{8}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  // A letter or a digit at each end, never digits at both.
  ES: /^(?:[A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/,
  FI: /^\d{8}$/,
  // A two-character key (digits, or letters other than I and O) and the nine-digit SIREN.
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  // The current form (seven digits, one or two letters) and the old one (a letter or + or * second).
  IE: /^(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(?:\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^[1-9]\d{7}$/,
  SK: /^[1-9]\d{9}$/,
};

/** Longer input is not a VAT ID, whatever it contains; checked before any pattern runs. */
const MAX_RAW_LENGTH = 64;

export type VatIdFormatCheck =
  | { ok: true; countryPrefix: string; number: string; normalised: string }
  | { ok: false; reason: 'format' | 'country' };

/** A VAT ID as typed, in the one form that is stored and compared: upper case, no spaces, dots or dashes. */
export function normaliseVatId(raw: string): string {
  return raw.toUpperCase().replace(/[\s.-]/g, '');
}

/**
 * Whether a VAT ID is well formed for its member state and belongs to the buyer's country (EL is
 * Greece's prefix, GR its country code). `country` when it is a well-formed EU VAT ID of another
 * state than the buyer's, or the buyer is outside the EU; `format` otherwise. The prefix is required:
 * some national numbers begin with letters, so a missing prefix cannot be told apart from a wrong one.
 */
export function checkVatIdFormat(raw: string, buyerCountry: string): VatIdFormatCheck {
  if (raw.length > MAX_RAW_LENGTH) return { ok: false, reason: 'format' };
  const normalised = normaliseVatId(raw);
  const countryPrefix = normalised.slice(0, 2);
  const number = normalised.slice(2);
  const format = NUMBER_FORMAT[countryPrefix];
  if (!format || !format.test(number)) return { ok: false, reason: 'format' };
  if (countryPrefix === 'DE' && !germanCheckDigitHolds(number)) return { ok: false, reason: 'format' };
  const buyer = toEuCountry(buyerCountry);
  if (buyer === undefined || VAT_PREFIX[buyer] !== countryPrefix) return { ok: false, reason: 'country' };
  return { ok: true, countryPrefix, number, normalised };
}

/** The VAT prefix of a member state (EL for GR), or undefined outside the EU. */
export function vatPrefixOf(country: string): string | undefined {
  const member = toEuCountry(country);
  return member === undefined ? undefined : VAT_PREFIX[member];
}

/** The ninth digit of a German USt-IdNr. is an ISO 7064 MOD 11,10 check digit of the first eight. */
function germanCheckDigitHolds(number: string): boolean {
  let product = 10;
  for (const digit of number.slice(0, 8)) {
    const sum = (Number(digit) + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10 === Number(number[8]);
}
