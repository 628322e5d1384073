import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O, U, so a code read aloud or typed is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 characters of 5 bits: 100 random bits, far beyond guessing at any rate the guard lets through. */
export const CODE_LENGTH = 20;
const GROUP = 5;

/** A new verification code (stored form: 20 characters, no dashes). */
export function newCertificateCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32: taking each byte modulo 32 is uniform.
  for (const byte of bytes) code += ALPHABET[byte % 32];
  return code;
}

/** The readable form printed and shown: four groups of five, e.g. `7K3QD-M2X9P-…`. */
export function formatCertificateCode(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/**
 * The stored form of a code as someone typed it: case and dashes or spaces ignored, and the
 * letters Crockford's base32 reads as digits (O as 0, I and L as 1) mapped so. Null when it
 * cannot be a code at all (then nothing needs looking up).
 */
export function normaliseCertificateCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const char of code) if (!ALPHABET.includes(char)) return null;
  return code;
}
