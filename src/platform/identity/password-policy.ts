import { randomInt } from 'node:crypto';
import { PASSWORD_MAX_BYTES } from './identity.contract.js';

export type PasswordRule = 'min_length' | 'max_length' | 'uppercase' | 'digit';

export { PASSWORD_MAX_BYTES };
export const PASSWORD_MIN_LENGTH = 8;

/**
 * The service's published rule (an upper-case letter and a digit) with the length raised to
 * today's minimum. Returns every unmet rule; empty means acceptable.
 */
export function unmetPasswordRules(password: string): PasswordRule[] {
  const unmet: PasswordRule[] = [];
  if ([...password.normalize('NFKC')].length < PASSWORD_MIN_LENGTH) unmet.push('min_length');
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) unmet.push('max_length');
  if (!/\p{Lu}/u.test(password)) unmet.push('uppercase');
  if (!/\p{Nd}/u.test(password)) unmet.push('digit');
  return unmet;
}

export const passwordRuleMessages: Record<PasswordRule, { en: string; de: string }> = {
  min_length: {
    en: `at least ${PASSWORD_MIN_LENGTH} characters`,
    de: `mindestens ${PASSWORD_MIN_LENGTH} Zeichen`,
  },
  max_length: { en: `at most ${PASSWORD_MAX_BYTES} bytes`, de: `höchstens ${PASSWORD_MAX_BYTES} Byte` },
  uppercase: { en: 'at least one upper-case letter', de: 'mindestens ein Großbuchstabe' },
  digit: { en: 'at least one digit', de: 'mindestens eine Ziffer' },
};

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password that meets the policy (for first administrators and resets by operators). */
export function generatePassword(length = 20): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    if (unmetPasswordRules(out).length === 0) return out;
  }
}
