/**
 * The EU member states' standard VAT rates, dated, so that a sale is taxed at the rate in force on
 * the day it is made. Source: the European Commission's "VAT rates applied in the Member States of
 * the European Union" table and its Taxes in Europe database (TEDB). Rates change by law a few times
 * a year across the Union; a release of Lectern updates this table, nothing fetches it at run time.
 *
 * Only the standard rate: electronically supplied services (e-courses, downloads) take it in every
 * member state. The rate is the one of the member state's main VAT territory; the regions with their
 * own rates (Madeira, the Azores, Corsica, the French overseas departments) are not modelled.
 */

/** The 27 member states, as ISO 3166-1 alpha-2 codes (Greece is GR here; EL is only its VAT prefix). */
export const EU_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
export type EuCountry = (typeof EU_COUNTRIES)[number];

/** A standard rate in basis points (19% = 1900, 25.5% = 2550), in force from a date (inclusive) until the next entry's date. */
export interface VatRatePeriod {
  basisPoints: number;
  from: string;
}

/**
 * Where the table begins: the first entry of each country is the rate in force on that day, not the
 * day the rate was introduced. Earlier dates have no rate rather than a guessed one.
 */
export const VAT_TABLE_START = '2020-01-01';

const T = VAT_TABLE_START;

/** Oldest first. */
export const EU_STANDARD_VAT_RATES: Readonly<Record<EuCountry, readonly VatRatePeriod[]>> = {
  AT: [{ basisPoints: 2000, from: T }],
  BE: [{ basisPoints: 2100, from: T }],
  BG: [{ basisPoints: 2000, from: T }],
  CY: [{ basisPoints: 1900, from: T }],
  CZ: [{ basisPoints: 2100, from: T }],
  // The temporary reduction of the second half of 2020 (Corona-Steuerhilfegesetz).
  DE: [
    { basisPoints: 1900, from: T },
    { basisPoints: 1600, from: '2020-07-01' },
    { basisPoints: 1900, from: '2021-01-01' },
  ],
  DK: [{ basisPoints: 2500, from: T }],
  EE: [
    { basisPoints: 2000, from: T },
    { basisPoints: 2200, from: '2024-01-01' },
    { basisPoints: 2400, from: '2025-07-01' },
  ],
  ES: [{ basisPoints: 2100, from: T }],
  FI: [
    { basisPoints: 2400, from: T },
    { basisPoints: 2550, from: '2024-09-01' },
  ],
  FR: [{ basisPoints: 2000, from: T }],
  GR: [{ basisPoints: 2400, from: T }],
  HR: [{ basisPoints: 2500, from: T }],
  HU: [{ basisPoints: 2700, from: T }],
  // The temporary reduction from September 2020 to the end of February 2021.
  IE: [
    { basisPoints: 2300, from: T },
    { basisPoints: 2100, from: '2020-09-01' },
    { basisPoints: 2300, from: '2021-03-01' },
  ],
  IT: [{ basisPoints: 2200, from: T }],
  LT: [{ basisPoints: 2100, from: T }],
  // One percentage point lower for the year 2023.
  LU: [
    { basisPoints: 1700, from: T },
    { basisPoints: 1600, from: '2023-01-01' },
    { basisPoints: 1700, from: '2024-01-01' },
  ],
  LV: [{ basisPoints: 2100, from: T }],
  MT: [{ basisPoints: 1800, from: T }],
  NL: [{ basisPoints: 2100, from: T }],
  PL: [{ basisPoints: 2300, from: T }],
  PT: [{ basisPoints: 2300, from: T }],
  RO: [
    { basisPoints: 1900, from: T },
    { basisPoints: 2100, from: '2025-08-01' },
  ],
  SE: [{ basisPoints: 2500, from: T }],
  SI: [{ basisPoints: 2200, from: T }],
  SK: [
    { basisPoints: 2000, from: T },
    { basisPoints: 2300, from: '2025-01-01' },
  ],
};

/**
 * A rate changes at midnight in the member state that sets it, so the date of a sale is read on that
 * state's clock: a sale at 23:30 UTC on 31 December 2023 was made on 1 January 2024 in Estonia.
 */
const TIME_ZONES: Readonly<Record<EuCountry, string>> = {
  AT: 'Europe/Vienna', BE: 'Europe/Brussels', BG: 'Europe/Sofia', CY: 'Asia/Nicosia', CZ: 'Europe/Prague', DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen', EE: 'Europe/Tallinn', ES: 'Europe/Madrid', FI: 'Europe/Helsinki', FR: 'Europe/Paris', GR: 'Europe/Athens',
  HR: 'Europe/Zagreb', HU: 'Europe/Budapest', IE: 'Europe/Dublin', IT: 'Europe/Rome', LT: 'Europe/Vilnius', LU: 'Europe/Luxembourg',
  LV: 'Europe/Riga', MT: 'Europe/Malta', NL: 'Europe/Amsterdam', PL: 'Europe/Warsaw', PT: 'Europe/Lisbon', RO: 'Europe/Bucharest',
  SE: 'Europe/Stockholm', SI: 'Europe/Ljubljana', SK: 'Europe/Bratislava',
};

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a member state. */
export function localDateIn(country: EuCountry, at: Date): string {
  const timeZone = TIME_ZONES[country];
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** Whether a country code (any case) names an EU member state. */
export function isEuCountry(country: string): boolean {
  return toEuCountry(country) !== undefined;
}

/** The member state a country code (any case) names, or undefined. */
export function toEuCountry(country: string): EuCountry | undefined {
  const code = country.trim().toUpperCase();
  return (EU_COUNTRIES as readonly string[]).includes(code) ? (code as EuCountry) : undefined;
}

/**
 * The standard VAT rate of a member state on the day of `at` (that state's local date); undefined
 * outside the EU, for an invalid date, and before the table begins.
 */
export function vatRateOn(country: string, at: Date): { basisPoints: number; from: string } | undefined {
  const member = toEuCountry(country);
  if (member === undefined || Number.isNaN(at.getTime())) return undefined;
  const day = localDateIn(member, at);
  let found: VatRatePeriod | undefined;
  // ISO dates compare as strings.
  for (const period of EU_STANDARD_VAT_RATES[member]) if (period.from <= day) found = period;
  return found ? { basisPoints: found.basisPoints, from: found.from } : undefined;
}
