import { toEuCountry, vatRateOn } from './eu-vat-rates.js';

/**
 * The VAT of one sale line of an electronically supplied service (an e-course, a download) by a
 * seller established in the EU. Since 2015 the place of supply is the buyer's country: a consumer in
 * the EU pays that country's VAT, which the seller declares through the One-Stop Shop (OSS); a
 * business with a VAT ID in another member state accounts for the VAT itself (reverse charge); a buyer
 * outside the EU pays no EU VAT. (The EUR 10,000 threshold below which a small seller may charge its
 * own country's VAT is not modelled: the buyer's country is always used.)
 *
 * Amounts are integers of minor units, whatever the currency (cents, or yen with no minor unit); the
 * arithmetic is on BigInt and rounds half away from zero, once per line, after multiplying by the
 * quantity.
 */

/**
 * gross: the seller's price includes the VAT of the buyer's country (a consumer pays the same
 * everywhere); net: VAT is added on top.
 */
export type PriceMode = 'gross' | 'net';

export interface TaxInput {
  sellerCountry: string;
  buyerCountry: string;
  priceMode: PriceMode;
  /** Price of one unit, in minor units. */
  priceMinor: number;
  quantity: number;
  /** The buyer's VAT ID, when they gave one that is well formed and VIES did not refuse. */
  buyerVat?: { status: 'valid' | 'unverified' } | undefined;
  at: Date;
}

export type TaxRule = 'oss' | 'domestic' | 'reverse_charge' | 'outside_eu';

export interface TaxedLine {
  netMinor: number;
  vatMinor: number;
  grossMinor: number;
  rateBasisPoints: number;
  /** The member state where the supply is taxed (the buyer's), or null outside the EU. */
  taxCountry: string | null;
  rule: TaxRule;
}

const BASIS = 10_000n;

/**
 * The tax of one line. Throws for a price or quantity that is not a non-negative integer, a line total
 * beyond the safe integers, a seller outside the EU, or a date the rate table does not cover: the
 * caller validates its input first, so these are programming errors.
 */
export function taxLine(input: TaxInput): TaxedLine {
  const { priceMinor, quantity, priceMode } = input;
  if (!Number.isSafeInteger(priceMinor) || priceMinor < 0) throw new Error(`a price must be a non-negative integer of minor units, not ${String(priceMinor)}`);
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new Error(`a quantity must be a non-negative integer, not ${String(quantity)}`);
  const amount = BigInt(priceMinor) * BigInt(quantity);
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('a line total must be a safe integer of minor units');

  const seller = toEuCountry(input.sellerCountry);
  if (seller === undefined) throw new Error(`the seller must be established in the EU, not in ${input.sellerCountry}`);
  const buyer = toEuCountry(input.buyerCountry);

  if (buyer === undefined) {
    // A gross price carries the seller's own VAT, which an export does not owe.
    const net = priceMode === 'gross' ? withoutVat(amount, rateOf(seller, input.at)) : amount;
    return untaxed(net, null, 'outside_eu');
  }
  const hasVatId = input.buyerVat?.status === 'valid' || input.buyerVat?.status === 'unverified';
  if (hasVatId && buyer !== seller) {
    // The buyer pays what the price is without their country's VAT, and declares that VAT themselves.
    const net = priceMode === 'gross' ? withoutVat(amount, rateOf(buyer, input.at)) : amount;
    return untaxed(net, buyer, 'reverse_charge');
  }
  const rate = rateOf(buyer, input.at);
  const rule = buyer === seller ? 'domestic' : 'oss';
  if (priceMode === 'gross') {
    const net = withoutVat(amount, rate);
    return line(net, amount - net, rate, buyer, rule);
  }
  return line(amount, roundedDivision(amount * BigInt(rate), BASIS), rate, buyer, rule);
}

export interface VatBreakdownRow {
  rule: TaxRule;
  taxCountry: string | null;
  rateBasisPoints: number;
  netMinor: number;
  vatMinor: number;
  grossMinor: number;
}

/**
 * Net and VAT summed per rule, taxed country and rate (an invoice's VAT breakdown; the country keeps
 * two states with the same rate apart for the OSS return). Highest rate first, then by rule and country.
 */
export function vatBreakdown(lines: readonly TaxedLine[]): VatBreakdownRow[] {
  const rows = new Map<string, VatBreakdownRow>();
  for (const taxed of lines) {
    const key = `${taxed.rule}|${taxed.taxCountry ?? ''}|${taxed.rateBasisPoints}`;
    const row = rows.get(key) ?? { rule: taxed.rule, taxCountry: taxed.taxCountry, rateBasisPoints: taxed.rateBasisPoints, netMinor: 0, vatMinor: 0, grossMinor: 0 };
    row.netMinor += taxed.netMinor;
    row.vatMinor += taxed.vatMinor;
    row.grossMinor += taxed.grossMinor;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => b.rateBasisPoints - a.rateBasisPoints || a.rule.localeCompare(b.rule) || (a.taxCountry ?? '').localeCompare(b.taxCountry ?? ''),
  );
}

function rateOf(country: string, at: Date): number {
  const rate = vatRateOn(country, at);
  if (rate === undefined) throw new Error(`no VAT rate of ${country} is known for ${at.toISOString()}`);
  return rate.basisPoints;
}

/** The net part of a gross amount that includes VAT at `basisPoints`. */
function withoutVat(gross: bigint, basisPoints: number): bigint {
  return roundedDivision(gross * BASIS, BASIS + BigInt(basisPoints));
}

/** numerator / denominator rounded half away from zero, for a non-negative numerator and a positive denominator. */
function roundedDivision(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function untaxed(net: bigint, taxCountry: string | null, rule: TaxRule): TaxedLine {
  return line(net, 0n, 0, taxCountry, rule);
}

function line(net: bigint, vat: bigint, rateBasisPoints: number, taxCountry: string | null, rule: TaxRule): TaxedLine {
  if (net + vat > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('a line total must be a safe integer of minor units');
  return { netMinor: Number(net), vatMinor: Number(vat), grossMinor: Number(net + vat), rateBasisPoints, taxCountry, rule };
}
