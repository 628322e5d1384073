import { describe, expect, it } from 'vitest';
import type { TaxInput } from './tax-decision.js';
import { taxLine, vatBreakdown } from './tax-decision.js';

const at = new Date('2025-03-15T12:00:00Z');
const sale = (fields: Partial<TaxInput>): TaxInput => ({ sellerCountry: 'DE', buyerCountry: 'DE', priceMode: 'gross', priceMinor: 11900, quantity: 1, at, ...fields });

describe('taxLine for a consumer in the EU', () => {
  it("extracts the seller's own VAT from a gross price at home", () => {
    expect(taxLine(sale({}))).toEqual({ netMinor: 10000, vatMinor: 1900, grossMinor: 11900, rateBasisPoints: 1900, taxCountry: 'DE', rule: 'domestic' });
  });

  it("adds the VAT of the buyer's country to a net price (OSS)", () => {
    expect(taxLine(sale({ buyerCountry: 'FR', priceMode: 'net', priceMinor: 10000 }))).toEqual({
      netMinor: 10000,
      vatMinor: 2000,
      grossMinor: 12000,
      rateBasisPoints: 2000,
      taxCountry: 'FR',
      rule: 'oss',
    });
  });

  it("extracts the VAT of the buyer's country from a gross price: the consumer pays the same everywhere", () => {
    // 11900 × 10000 / 12000 = 9916.67 → 9917
    expect(taxLine(sale({ buyerCountry: 'FR' }))).toEqual({ netMinor: 9917, vatMinor: 1983, grossMinor: 11900, rateBasisPoints: 2000, taxCountry: 'FR', rule: 'oss' });
  });

  it('adds VAT at home in net mode', () => {
    expect(taxLine(sale({ priceMode: 'net', priceMinor: 10000 }))).toMatchObject({ netMinor: 10000, vatMinor: 1900, grossMinor: 11900, rule: 'domestic' });
  });

  it('multiplies by the quantity before rounding, once per line', () => {
    // 3 × 1999 = 5997; 5997 × 0.2 = 1199.4 → 1199
    expect(taxLine(sale({ buyerCountry: 'FR', priceMode: 'net', priceMinor: 1999, quantity: 3 }))).toMatchObject({ netMinor: 5997, vatMinor: 1199, grossMinor: 7196 });
    // 5997 × 10000 / 11900 = 5039.50 (5039.4958) → 5039
    expect(taxLine(sale({ priceMinor: 1999, quantity: 3 }))).toMatchObject({ netMinor: 5039, vatMinor: 958, grossMinor: 5997 });
    // 4 × 2999 = 11996 in Finland at 25.5%: 11996 × 10000 / 12550 = 9558.57 → 9559
    expect(taxLine(sale({ buyerCountry: 'FI', priceMinor: 2999, quantity: 4 }))).toMatchObject({ netMinor: 9559, vatMinor: 2437, grossMinor: 11996, rateBasisPoints: 2550 });
  });

  it('rounds half away from zero', () => {
    // 100 × 25.5% = 25.5 → 26
    expect(taxLine(sale({ buyerCountry: 'FI', priceMode: 'net', priceMinor: 100 }))).toMatchObject({ vatMinor: 26, grossMinor: 126 });
    // 50 × 19% = 9.5 → 10
    expect(taxLine(sale({ priceMode: 'net', priceMinor: 50 }))).toMatchObject({ vatMinor: 10 });
    // 9 × 10000 / 12000 = 7.5 → 8 net, 1 VAT; 3 → 2.5 → 3 net, 0 VAT
    expect(taxLine(sale({ buyerCountry: 'FR', priceMinor: 9 }))).toMatchObject({ netMinor: 8, vatMinor: 1 });
    expect(taxLine(sale({ buyerCountry: 'FR', priceMinor: 3 }))).toMatchObject({ netMinor: 3, vatMinor: 0 });
  });

  it('taxes at the rate of the day of the sale', () => {
    const netTo = (buyerCountry: string, day: string) => taxLine(sale({ buyerCountry, priceMode: 'net', priceMinor: 10000, at: new Date(`${day}T12:00:00Z`) })).vatMinor;
    expect(netTo('EE', '2025-06-30')).toBe(2200);
    expect(netTo('EE', '2025-07-01')).toBe(2400);
    expect(netTo('DE', '2020-12-31')).toBe(1600);
    expect(netTo('DE', '2021-01-01')).toBe(1900);
    expect(netTo('SK', '2025-01-01')).toBe(2300);
  });

  it('works the same for a currency without minor units', () => {
    // 1200 yen gross to France: 1000 net, 200 VAT; 1000 yen net to Italy: 220 VAT.
    expect(taxLine(sale({ buyerCountry: 'FR', priceMinor: 1200 }))).toMatchObject({ netMinor: 1000, vatMinor: 200, grossMinor: 1200 });
    expect(taxLine(sale({ buyerCountry: 'IT', priceMode: 'net', priceMinor: 1000 }))).toMatchObject({ netMinor: 1000, vatMinor: 220, grossMinor: 1220 });
  });

  it('takes country codes in any case', () => {
    expect(taxLine(sale({ sellerCountry: 'de', buyerCountry: 'fr', priceMode: 'net', priceMinor: 10000 }))).toMatchObject({ taxCountry: 'FR', rule: 'oss' });
  });

  it('is zero for a free item or no items', () => {
    expect(taxLine(sale({ priceMinor: 0 }))).toMatchObject({ netMinor: 0, vatMinor: 0, grossMinor: 0 });
    expect(taxLine(sale({ quantity: 0 }))).toMatchObject({ netMinor: 0, vatMinor: 0, grossMinor: 0 });
  });
});

describe('taxLine for a business with a VAT ID', () => {
  it("in another member state: reverse charge, the gross price without the buyer's country's VAT", () => {
    // 11900 × 10000 / 12000 (Austria, 20%) = 9916.67 → 9917
    expect(taxLine(sale({ buyerCountry: 'AT', buyerVat: { status: 'valid' } }))).toEqual({
      netMinor: 9917,
      vatMinor: 0,
      grossMinor: 9917,
      rateBasisPoints: 0,
      taxCountry: 'AT',
      rule: 'reverse_charge',
    });
  });

  it('in another member state, in net mode: the net price, no VAT', () => {
    expect(taxLine(sale({ buyerCountry: 'AT', priceMode: 'net', priceMinor: 10000, quantity: 2, buyerVat: { status: 'valid' } }))).toEqual({
      netMinor: 20000,
      vatMinor: 0,
      grossMinor: 20000,
      rateBasisPoints: 0,
      taxCountry: 'AT',
      rule: 'reverse_charge',
    });
  });

  it('whose VAT ID VIES could not verify: reverse charge all the same', () => {
    expect(taxLine(sale({ buyerCountry: 'GR', priceMode: 'net', priceMinor: 10000, buyerVat: { status: 'unverified' } }))).toMatchObject({
      vatMinor: 0,
      taxCountry: 'GR',
      rule: 'reverse_charge',
    });
  });

  it("in the seller's own country: domestic VAT", () => {
    expect(taxLine(sale({ buyerVat: { status: 'valid' } }))).toEqual({ netMinor: 10000, vatMinor: 1900, grossMinor: 11900, rateBasisPoints: 1900, taxCountry: 'DE', rule: 'domestic' });
    expect(taxLine(sale({ priceMode: 'net', priceMinor: 10000, buyerVat: { status: 'unverified' } }))).toMatchObject({ vatMinor: 1900, rule: 'domestic' });
  });
});

describe('taxLine for a buyer outside the EU', () => {
  it("takes the seller's VAT out of a gross price", () => {
    expect(taxLine(sale({ buyerCountry: 'US' }))).toEqual({ netMinor: 10000, vatMinor: 0, grossMinor: 10000, rateBasisPoints: 0, taxCountry: null, rule: 'outside_eu' });
    // France 20%: 12000 → 10000, whatever the buyer's own VAT ID.
    expect(taxLine(sale({ sellerCountry: 'FR', buyerCountry: 'CH', priceMinor: 12000, buyerVat: { status: 'valid' } }))).toMatchObject({ netMinor: 10000, rule: 'outside_eu' });
    // Germany at 16% in the second half of 2020: 11900 × 10000 / 11600 = 10258.62 → 10259
    expect(taxLine(sale({ buyerCountry: 'GB', at: new Date('2020-08-01T12:00:00Z') }))).toMatchObject({ netMinor: 10259, vatMinor: 0, grossMinor: 10259 });
  });

  it('charges a net price as it is', () => {
    expect(taxLine(sale({ buyerCountry: 'JP', priceMode: 'net', priceMinor: 10000, quantity: 3 }))).toEqual({
      netMinor: 30000,
      vatMinor: 0,
      grossMinor: 30000,
      rateBasisPoints: 0,
      taxCountry: null,
      rule: 'outside_eu',
    });
  });
});

describe('taxLine guards', () => {
  it.each([
    ['a fractional price', { priceMinor: 19.99 }],
    ['a negative price', { priceMinor: -1 }],
    ['a price that is not a number', { priceMinor: Number.NaN }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['a negative quantity', { quantity: -2 }],
    ['a line total beyond the safe integers', { priceMinor: 2 ** 40, quantity: 2 ** 20 }],
    ['a seller outside the EU', { sellerCountry: 'US' }],
    ['a date before the rate table', { at: new Date('2019-06-01T12:00:00Z') }],
  ])('throws for %s', (_name, fields) => {
    expect(() => taxLine(sale(fields))).toThrow(Error);
  });
});

describe('vatBreakdown', () => {
  it('sums net and VAT per rule, country and rate, highest rate first', () => {
    const lines = [
      taxLine(sale({ priceMode: 'net', priceMinor: 10000 })),
      taxLine(sale({ priceMode: 'net', priceMinor: 5000 })),
      taxLine(sale({ buyerCountry: 'NL', priceMode: 'net', priceMinor: 10000 })),
      taxLine(sale({ buyerCountry: 'ES', priceMode: 'net', priceMinor: 10000 })),
      taxLine(sale({ buyerCountry: 'AT', priceMode: 'net', priceMinor: 7000, buyerVat: { status: 'valid' } })),
      taxLine(sale({ buyerCountry: 'US', priceMode: 'net', priceMinor: 3000 })),
    ];
    expect(vatBreakdown(lines)).toEqual([
      { rule: 'oss', taxCountry: 'ES', rateBasisPoints: 2100, netMinor: 10000, vatMinor: 2100, grossMinor: 12100 },
      { rule: 'oss', taxCountry: 'NL', rateBasisPoints: 2100, netMinor: 10000, vatMinor: 2100, grossMinor: 12100 },
      { rule: 'domestic', taxCountry: 'DE', rateBasisPoints: 1900, netMinor: 15000, vatMinor: 2850, grossMinor: 17850 },
      { rule: 'outside_eu', taxCountry: null, rateBasisPoints: 0, netMinor: 3000, vatMinor: 0, grossMinor: 3000 },
      { rule: 'reverse_charge', taxCountry: 'AT', rateBasisPoints: 0, netMinor: 7000, vatMinor: 0, grossMinor: 7000 },
    ]);
  });

  it('is empty for no lines', () => {
    expect(vatBreakdown([])).toEqual([]);
  });
});
