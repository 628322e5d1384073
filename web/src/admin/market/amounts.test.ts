import { describe, expect, it } from 'vitest';
import { amountText, formatAmount, formatRate, readAmount } from './amounts';

const minor = (text: string, currency: Parameters<typeof readAmount>[1], language: string) => {
  const read = readAmount(text, currency, language);
  return read.ok ? read.minor : read.problem;
};

describe('amounts typed by the seller, read as minor units', () => {
  it('reads the decimal notation of the UI language exactly', () => {
    expect(minor('49,90', 'EUR', 'de')).toBe(4990);
    expect(minor('49.90', 'EUR', 'en')).toBe(4990);
    expect(minor('1.234,5', 'EUR', 'de')).toBe(123450);
    expect(minor('1,234.5', 'EUR', 'en')).toBe(123450);
    expect(minor('1234', 'EUR', 'de')).toBe(123400);
    expect(minor('0,01', 'EUR', 'de')).toBe(1);
    expect(minor(' 19,99 ', 'EUR', 'de')).toBe(1999);
    // No float in between: 0.29 * 100 is 28.999999999999996.
    expect(minor('0.29', 'USD', 'en')).toBe(29);
    expect(minor('1 234,50', 'EUR', 'de')).toBe(123450);
  });

  it('knows currencies without minor units', () => {
    expect(minor('500', 'JPY', 'de')).toBe(500);
    expect(minor('500', 'JPY', 'en')).toBe(500);
    expect(minor('500,5', 'JPY', 'de')).toBe('decimals');
  });

  it('refuses more decimals than the currency has, and grouping that is not by thousands', () => {
    expect(minor('12,345', 'EUR', 'de')).toBe('decimals');
    // "49.90" in German is not 4990 euros: a point groups thousands there.
    expect(minor('49.90', 'EUR', 'de')).toBe('format');
    expect(minor('49,90', 'EUR', 'en')).toBe('format');
    expect(minor('1.23.456', 'EUR', 'de')).toBe('format');
  });

  it('refuses what is not an amount, nothing at all, and amounts out of range', () => {
    expect(minor('', 'EUR', 'de')).toBe('required');
    expect(minor('   ', 'EUR', 'de')).toBe('required');
    expect(minor('-5', 'EUR', 'de')).toBe('format');
    expect(minor('12a', 'EUR', 'en')).toBe('format');
    expect(minor('1e3', 'EUR', 'en')).toBe('format');
    expect(minor('0', 'EUR', 'en')).toBe('tooSmall');
    expect(minor('1000000,01', 'EUR', 'de')).toBe('tooLarge');
    expect(minor('99999999999999999999', 'EUR', 'en')).toBe('tooLarge');
    expect(readAmount('0', 'EUR', 'en', { min: 0 })).toEqual({ ok: true, minor: 0 });
    expect(readAmount('50', 'EUR', 'en', { max: 4990 })).toEqual({ ok: false, problem: 'tooLarge' });
  });

  it('shows minor units for editing as they are read back', () => {
    expect(amountText(4990, 'EUR', 'de')).toBe('49,90');
    expect(amountText(4990, 'EUR', 'en')).toBe('49.90');
    expect(amountText(5, 'EUR', 'de')).toBe('0,05');
    expect(amountText(500, 'JPY', 'de')).toBe('500');
    expect(amountText(123450, 'EUR', 'de')).toBe('1234,50');
    for (const value of [1, 99, 100, 4990, 123450, 100_000_000]) expect(minor(amountText(value, 'EUR', 'de'), 'EUR', 'de')).toBe(value);
  });

  it('formats amounts and VAT rates for reading in the UI language', () => {
    expect(formatAmount(4990, 'EUR', 'de')).toBe('49,90\u00a0€');
    expect(formatAmount(4990, 'EUR', 'en')).toBe('€49.90');
    expect(formatAmount(500, 'JPY', 'de')).toBe('500\u00a0¥');
    expect(formatRate(1900, 'de')).toBe('19\u00a0%');
    expect(formatRate(550, 'en')).toBe('5.5%');
  });
});
