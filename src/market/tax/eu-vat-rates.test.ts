import { describe, expect, it } from 'vitest';
import { EU_COUNTRIES, EU_STANDARD_VAT_RATES, VAT_TABLE_START, isEuCountry, vatRateOn } from './eu-vat-rates.js';

const noon = (day: string) => new Date(`${day}T12:00:00Z`);

describe('the table of standard rates', () => {
  it('has the 27 member states, each oldest first from the start of the table', () => {
    expect(EU_COUNTRIES).toHaveLength(27);
    expect(Object.keys(EU_STANDARD_VAT_RATES).sort()).toEqual([...EU_COUNTRIES].sort());
    for (const country of EU_COUNTRIES) {
      const periods = EU_STANDARD_VAT_RATES[country];
      expect(periods[0]?.from, country).toBe(VAT_TABLE_START);
      for (const [index, period] of periods.entries()) {
        expect(period.from, country).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Number.isInteger(period.basisPoints) && period.basisPoints >= 1500 && period.basisPoints <= 2800, country).toBe(true);
        if (index > 0) expect(period.from > periods[index - 1]!.from, country).toBe(true);
      }
    }
  });
});

describe('vatRateOn', () => {
  it.each([
    // country, last day of the old rate, old rate, first day of the new rate, new rate
    ['DE', '2020-06-30', 1900, '2020-07-01', 1600],
    ['DE', '2020-12-31', 1600, '2021-01-01', 1900],
    ['IE', '2020-08-31', 2300, '2020-09-01', 2100],
    ['IE', '2021-02-28', 2100, '2021-03-01', 2300],
    ['LU', '2022-12-31', 1700, '2023-01-01', 1600],
    ['LU', '2023-12-31', 1600, '2024-01-01', 1700],
    ['EE', '2023-12-31', 2000, '2024-01-01', 2200],
    ['EE', '2025-06-30', 2200, '2025-07-01', 2400],
    ['FI', '2024-08-31', 2400, '2024-09-01', 2550],
    ['SK', '2024-12-31', 2000, '2025-01-01', 2300],
    ['RO', '2025-07-31', 1900, '2025-08-01', 2100],
  ])('%s: %s at %i, %s at %i', (country, before, oldRate, from, newRate) => {
    expect(vatRateOn(country, noon(before))?.basisPoints).toBe(oldRate);
    expect(vatRateOn(country, noon(from))).toEqual({ basisPoints: newRate, from });
  });

  it('knows the rates that did not change', () => {
    const at = noon('2025-03-15');
    expect(vatRateOn('AT', at)?.basisPoints).toBe(2000);
    expect(vatRateOn('FR', at)?.basisPoints).toBe(2000);
    expect(vatRateOn('HU', at)?.basisPoints).toBe(2700);
    expect(vatRateOn('GR', at)?.basisPoints).toBe(2400);
    expect(vatRateOn('MT', at)).toEqual({ basisPoints: 1800, from: VAT_TABLE_START });
  });

  it("reads the date on the member state's clock", () => {
    // 22:30 UTC on 31 December 2023 is 00:30 on 1 January 2024 in Tallinn (UTC+2).
    expect(vatRateOn('EE', new Date('2023-12-31T22:30:00Z'))?.basisPoints).toBe(2200);
    expect(vatRateOn('EE', new Date('2023-12-31T21:30:00Z'))?.basisPoints).toBe(2000);
    // 22:30 UTC on 30 June 2020 is 00:30 on 1 July in Berlin (UTC+2 in summer).
    expect(vatRateOn('DE', new Date('2020-06-30T22:30:00Z'))?.basisPoints).toBe(1600);
    // Dublin is at UTC+1 in summer: 23:30 UTC on 31 August 2020 is already 1 September.
    expect(vatRateOn('IE', new Date('2020-08-31T23:30:00Z'))?.basisPoints).toBe(2100);
  });

  it('has no rate outside the EU, before the table, or for an invalid date', () => {
    expect(vatRateOn('US', noon('2024-01-01'))).toBeUndefined();
    expect(vatRateOn('GB', noon('2024-01-01'))).toBeUndefined();
    expect(vatRateOn('CH', noon('2024-01-01'))).toBeUndefined();
    // EL is Greece's VAT prefix, not its country code.
    expect(vatRateOn('EL', noon('2024-01-01'))).toBeUndefined();
    expect(vatRateOn('DE', noon('2019-12-31'))).toBeUndefined();
    expect(vatRateOn('DE', new Date(Number.NaN))).toBeUndefined();
  });

  it('takes a country code in any case', () => {
    expect(vatRateOn(' de ', noon('2024-01-01'))?.basisPoints).toBe(1900);
  });
});

describe('isEuCountry', () => {
  it('knows the member states and nothing else', () => {
    expect(isEuCountry('DE')).toBe(true);
    expect(isEuCountry('gr')).toBe(true);
    expect(isEuCountry('HR')).toBe(true);
    expect(isEuCountry('EL')).toBe(false);
    expect(isEuCountry('GB')).toBe(false);
    expect(isEuCountry('NO')).toBe(false);
    expect(isEuCountry('')).toBe(false);
  });
});
