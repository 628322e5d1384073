import { describe, expect, it } from 'vitest';
import { checkVatIdFormat, normaliseVatId, vatPrefixOf } from './vat-id.js';

describe('normaliseVatId', () => {
  it('upper-cases and strips spaces, dots and dashes', () => {
    expect(normaliseVatId(' de 136.695-976 ')).toBe('DE136695976');
    expect(normaliseVatId('nl\t123456789b01')).toBe('NL123456789B01');
  });
});

describe('checkVatIdFormat', () => {
  it.each([
    ['DE 136 695 976', 'DE', 'DE', '136695976'],
    ['ATU12345678', 'AT', 'AT', 'U12345678'],
    ['BE0123456789', 'BE', 'BE', '0123456789'],
    ['CY12345678L', 'CY', 'CY', '12345678L'],
    ['CZ12345678', 'CZ', 'CZ', '12345678'],
    ['DK12345678', 'DK', 'DK', '12345678'],
    ['ESA12345678', 'ES', 'ES', 'A12345678'],
    ['ESX1234567L', 'ES', 'ES', 'X1234567L'],
    ['ES12345678Z', 'ES', 'ES', '12345678Z'],
    ['FR40303265045', 'FR', 'FR', '40303265045'],
    ['FRK7399859412', 'FR', 'FR', 'K7399859412'],
    ['IE1234567WA', 'IE', 'IE', '1234567WA'],
    ['IE8Z49289F', 'IE', 'IE', '8Z49289F'],
    ['IT12345678901', 'IT', 'IT', '12345678901'],
    ['LT123456789012', 'LT', 'LT', '123456789012'],
    ['NL123456789B01', 'NL', 'NL', '123456789B01'],
    ['PL1234567890', 'PL', 'PL', '1234567890'],
    ['RO18', 'RO', 'RO', '18'],
    ['SE123456789001', 'SE', 'SE', '123456789001'],
    ['SK2022749619', 'SK', 'SK', '2022749619'],
  ])('accepts %s for a buyer in %s', (raw, buyerCountry, countryPrefix, number) => {
    expect(checkVatIdFormat(raw, buyerCountry)).toEqual({ ok: true, countryPrefix, number, normalised: `${countryPrefix}${number}` });
  });

  it.each([
    ['DE12345678', 'DE'], // eight digits
    ['DE136695978', 'DE'], // wrong check digit
    ['DE036695976', 'DE'], // a German number does not begin with 0
    ['ATU1234567', 'AT'],
    ['AT12345678', 'AT'], // no U
    ['NL123456789A01', 'NL'],
    ['ES123456789', 'ES'], // digits at both ends
    ['FRIO123456789', 'FR'], // I and O are not key characters
    ['IT1234567890', 'IT'],
    ['SE123456789012', 'SE'], // does not end in 01
    ['136695976', 'DE'], // no prefix
    ['', 'DE'],
    ['DE', 'DE'],
    [`DE136695976${' '.repeat(60)}`, 'DE'], // too long to be a VAT ID
  ])('refuses the form of %j for a buyer in %s', (raw, buyerCountry) => {
    expect(checkVatIdFormat(raw, buyerCountry)).toEqual({ ok: false, reason: 'format' });
  });

  it("refuses a well-formed VAT ID of another state than the buyer's", () => {
    expect(checkVatIdFormat('DE136695976', 'AT')).toEqual({ ok: false, reason: 'country' });
    expect(checkVatIdFormat('ATU12345678', 'DE')).toEqual({ ok: false, reason: 'country' });
    expect(checkVatIdFormat('DE136695976', 'US')).toEqual({ ok: false, reason: 'country' });
  });

  it('takes EL as the prefix of a buyer in Greece (GR), and only there', () => {
    expect(checkVatIdFormat('EL123456789', 'GR')).toEqual({ ok: true, countryPrefix: 'EL', number: '123456789', normalised: 'EL123456789' });
    expect(checkVatIdFormat('el 123.456.789', 'gr')).toEqual({ ok: true, countryPrefix: 'EL', number: '123456789', normalised: 'EL123456789' });
    expect(checkVatIdFormat('EL123456789', 'CY')).toEqual({ ok: false, reason: 'country' });
    // GR is not a VAT prefix.
    expect(checkVatIdFormat('GR123456789', 'GR')).toEqual({ ok: false, reason: 'format' });
  });

  it('does not take Northern Ireland (XI) or other non-EU numbers', () => {
    expect(checkVatIdFormat('XI123456789', 'GB')).toEqual({ ok: false, reason: 'format' });
    expect(checkVatIdFormat('GB123456789', 'GB')).toEqual({ ok: false, reason: 'format' });
    expect(checkVatIdFormat('CHE123456789', 'CH')).toEqual({ ok: false, reason: 'format' });
  });
});

describe('vatPrefixOf', () => {
  it('is the country code, EL for Greece, and nothing outside the EU', () => {
    expect(vatPrefixOf('DE')).toBe('DE');
    expect(vatPrefixOf('GR')).toBe('EL');
    expect(vatPrefixOf('GB')).toBeUndefined();
  });
});
