import type { Language } from '../../platform/http/index.js';
import type { MarketSettings } from '../market.settings.js';
import { formatMoney, isCurrency, minorDigits, type Currency } from '../money.js';
import { isEuCountry, taxLine } from '../tax/index.js';
import { STORE_TEXT } from './storefront-text.js';

type Price = { currency: string; amountMinor: number };

/** What a buyer pays for one unit, as the page shows it: the amount, and the note on VAT that goes with it. */
export interface ShownPrice {
  free: boolean;
  currency: Currency;
  /** What the buyer is charged per unit in gross mode, the net amount in net mode (minor units). */
  amountMinor: number;
  text: string;
  /** "incl. 19 % VAT", "plus 20 % VAT", "no VAT"; none for free products or a seller outside the EU. */
  note: string | undefined;
  /** Net mode with VAT: the amount with it ("€119.00 including VAT"). */
  total: string | undefined;
}

/** The currencies a product is sold in that the store knows (its prices are stored as the seller gave them). */
export function offeredCurrencies(prices: readonly Price[]): Currency[] {
  return prices.map((price) => price.currency).filter(isCurrency);
}

/** The currency asked for when the product is sold in it, else the euro when it is, else its first. */
export function chosenCurrency(prices: readonly Price[], asked: string | undefined): Currency | undefined {
  const offered = offeredCurrencies(prices);
  if (asked && (offered as string[]).includes(asked)) return asked as Currency;
  return offered.includes('EUR') ? 'EUR' : offered[0];
}

/** A VAT rate as people write it: "19 %" (German "25,5 %"). */
export function vatRateText(basisPoints: number, language: Language): string {
  return `${new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 }).format(basisPoints / 100)}\u00a0%`;
}

/**
 * The price of one unit for a buyer in `country`, worked out as checkout will (taxLine): in gross
 * mode an EU consumer pays the price with their country's VAT in it, a buyer outside the EU the
 * price without the seller's VAT; in net mode VAT is added for the EU. Undefined when the product
 * has no price in `currency` (a paid product must have one).
 */
export function shownPrice(
  product: { free: boolean; prices: readonly Price[] },
  currency: Currency,
  country: string,
  settings: Pick<MarketSettings, 'sellerCountry' | 'priceMode'>,
  language: Language,
  at: Date,
): ShownPrice | undefined {
  const t = STORE_TEXT[language];
  if (product.free) return { free: true, currency, amountMinor: 0, text: t.free, note: undefined, total: undefined };
  const listed = product.prices.find((price) => price.currency === currency);
  if (!listed) return undefined;
  // A seller outside the EU is not what the tax rules model: the price is shown as set, without a note.
  if (!isEuCountry(settings.sellerCountry)) return { free: false, currency, amountMinor: listed.amountMinor, text: formatMoney(listed.amountMinor, currency, language), note: undefined, total: undefined };
  const taxed = taxLine({ sellerCountry: settings.sellerCountry, buyerCountry: country, priceMode: settings.priceMode, priceMinor: listed.amountMinor, quantity: 1, at });
  const rate = vatRateText(taxed.rateBasisPoints, language);
  const withVat = taxed.rule === 'oss' || taxed.rule === 'domestic';
  const amountMinor = settings.priceMode === 'gross' ? taxed.grossMinor : taxed.netMinor;
  return {
    free: false,
    currency,
    amountMinor,
    text: formatMoney(amountMinor, currency, language),
    note: !withVat ? t.noVat : settings.priceMode === 'gross' ? t.inclVat(rate) : t.plusVat(rate),
    total: withVat && settings.priceMode === 'net' ? t.totalWithVat(formatMoney(taxed.grossMinor, currency, language)) : undefined,
  };
}

/** An amount as schema.org's Offer.price wants it: a decimal string with a dot ("119.00", "0"). */
export function decimalPrice(amountMinor: number, currency: Currency): string {
  const digits = minorDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}
