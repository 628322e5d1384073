import { describe, expect, it } from 'vitest';
import { invoiceNumberOf, refundedPart, sellerDateOf } from './build-document.js';

describe('invoice numbers and dates', () => {
  it('dates an invoice on the seller’s calendar: 00:30 on New Year’s Day in Berlin is of the new year', () => {
    const at = new Date('2026-12-31T23:30:00Z');
    expect(sellerDateOf('DE', at)).toBe('2027-01-01');
    expect(invoiceNumberOf(sellerDateOf('DE', at), 42)).toBe('2027-000042');
    // Outside the EU: UTC's date.
    expect(sellerDateOf('CH', at)).toBe('2026-12-31');
  });

  it('writes the running number with six digits at least, never cut', () => {
    expect(invoiceNumberOf('2026-03-01', 1)).toBe('2026-000001');
    expect(invoiceNumberOf('2031-03-01', 1_234_567)).toBe('2031-1234567');
  });
});

describe('refundedPart', () => {
  it('splits an amount in the line’s proportion, the VAT rounded and the net the rest', () => {
    // 5000 × 1900 / 11900 = 798.32
    expect(refundedPart(5000, { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 })).toEqual({ netMinor: 4202, vatMinor: 798 });
    // 595 × 1900 / 11900 = 95 exactly; 1 cent: 0.16 → 0
    expect(refundedPart(595, { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 })).toEqual({ netMinor: 500, vatMinor: 95 });
    expect(refundedPart(1, { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 })).toEqual({ netMinor: 1, vatMinor: 0 });
    // A half rounds up: 1 × 1 / 2 = 0.5 → 1
    expect(refundedPart(1, { netMinor: 1, vatMinor: 1, grossMinor: 2 })).toEqual({ netMinor: 0, vatMinor: 1 });
  });

  it('gives back a whole line’s own net and VAT, and no VAT of an untaxed line', () => {
    expect(refundedPart(11900, { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 })).toEqual({ netMinor: 10000, vatMinor: 1900 });
    expect(refundedPart(3000, { netMinor: 50000, vatMinor: 0, grossMinor: 50000 })).toEqual({ netMinor: 3000, vatMinor: 0 });
  });

  it('stays exact where amount × VAT leaves the safe integers', () => {
    const line = { netMinor: 840_336_135, vatMinor: 159_663_865, grossMinor: 1_000_000_000 };
    const part = refundedPart(999_999_999, line);
    expect(part.netMinor + part.vatMinor).toBe(999_999_999);
    expect(part.vatMinor).toBe(159_663_865);
    for (const value of Object.values(part)) expect(Number.isSafeInteger(value)).toBe(true);
  });
});
