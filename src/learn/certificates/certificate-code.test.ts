import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, formatCertificateCode, newCertificateCode, normaliseCertificateCode } from './certificate-code.js';

describe('certificate codes', () => {
  it('are 20 characters of Crockford base32, different each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newCertificateCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(CODE_LENGTH * 5).toBeGreaterThanOrEqual(80);
  });

  it('uses every character of the alphabet (no bias towards a part of it)', () => {
    const seen = new Set([...Array.from({ length: 200 }, () => newCertificateCode()).join('')]);
    expect(seen.size).toBe(32);
  });

  it('is shown in four groups of five and read back however it is typed', () => {
    const code = 'ABCDE0123456789FGHJK';
    const shown = formatCertificateCode(code);
    expect(shown).toBe('ABCDE-01234-56789-FGHJK');
    expect(normaliseCertificateCode(shown)).toBe(code);
    expect(normaliseCertificateCode(' abcde 01234 56789 fghjk ')).toBe(code);
    expect(normaliseCertificateCode('ABCDE-O1234-56789-FGHJK')).toBe(code);
    expect(normaliseCertificateCode('abcde-0i234-56789-fghjk')).toBe(code);
  });

  it('refuses what cannot be a code', () => {
    expect(normaliseCertificateCode('')).toBeNull();
    expect(normaliseCertificateCode('ABCDE-01234-56789')).toBeNull();
    expect(normaliseCertificateCode('ABCDE-01234-56789-FGHJU')).toBeNull();
    expect(normaliseCertificateCode('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
