/**
 * Money in the store is an integer count of a currency's minor units (cents) with the currency: no
 * floating point touches an amount, so sums, refunds and VAT add up to the cent.
 */
export const MARKET_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'DKK', 'NOK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'JPY'] as const;
export type Currency = (typeof MARKET_CURRENCIES)[number];

/** The largest amount the store takes (one million in major units times 100): beyond it is a typo or an attack. */
export const MAX_AMOUNT_MINOR = 100_000_000;

export function isCurrency(code: string): code is Currency {
  return (MARKET_CURRENCIES as readonly string[]).includes(code);
}

/** How many digits a currency's minor unit has (ISO 4217): 2 for the euro, 0 for the yen. */
export function minorDigits(currency: Currency): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount as a person reads it in their language: `1.234,50 €` in German, `€1,234.50` in English. */
export function formatMoney(amountMinor: number, currency: Currency, locale: 'de' | 'en'): string {
  if (!Number.isSafeInteger(amountMinor)) throw new Error(`an amount of money must be an integer count of minor units, not ${String(amountMinor)}`);
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amountMinor / 10 ** digits);
}
