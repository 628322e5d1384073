import { randomInt } from 'node:crypto';
import type { LocalisedText } from '../http/errors.js';
import type { ResolvedTenantSettings } from '../tenancy/tenant-settings.js';
import { isCommonPassword } from './common-passwords.js';
import { PASSWORD_MAX_BYTES } from './identity.contract.js';

export { PASSWORD_MAX_BYTES };

export type PasswordRule =
  | 'min_length'
  | 'max_length'
  | 'uppercase'
  | 'lowercase'
  | 'digit'
  | 'symbol'
  | 'common'
  | 'personal';

/** The rules in force for a tenant, after its preset is applied. */
export interface PasswordPolicy {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

/** The service's published rule (upper-case letter and digit) with the length raised to today's minimum. */
export const DEFAULT_POLICY: PasswordPolicy = {
  minLength: 8,
  requireUppercase: true,
  requireLowercase: false,
  requireDigit: true,
  requireSymbol: false,
};

/** NIST SP 800-63B: length over composition; common and personal passwords still refused. */
export const NIST_POLICY: PasswordPolicy = {
  minLength: 15,
  requireUppercase: false,
  requireLowercase: false,
  requireDigit: false,
  requireSymbol: false,
};

export function policyOf(settings: ResolvedTenantSettings): PasswordPolicy {
  const p = settings.passwordPolicy;
  if (p.preset === 'nist') return NIST_POLICY;
  if (p.preset === 'default') return DEFAULT_POLICY;
  const { minLength, requireUppercase, requireLowercase, requireDigit, requireSymbol } = p;
  return { minLength, requireUppercase, requireLowercase, requireDigit, requireSymbol };
}

/** What the password must not contain: the user's names and the parts of the e-mail address. */
export interface PersonalData {
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

function personalFragments(person: PersonalData): string[] {
  const [local = '', domain = ''] = (person.email ?? '').toLowerCase().split('@');
  const words = [person.firstName, person.lastName, local, ...local.split(/[._+-]/), domain.split('.')[0]];
  return words.map((w) => (w ?? '').normalize('NFKC').toLowerCase().trim()).filter((w) => w.length >= 3);
}

/** Every rule the password misses, in a stable order; empty means acceptable. */
export function unmetPasswordRules(password: string, policy: PasswordPolicy = DEFAULT_POLICY, person: PersonalData = {}): PasswordRule[] {
  const normalised = password.normalize('NFKC');
  // Invisible characters do not count towards length and do not hide a common or personal password.
  const visible = normalised.replace(ZERO_WIDTH, '');
  const unmet: PasswordRule[] = [];
  if ([...visible].length < policy.minLength) unmet.push('min_length');
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) unmet.push('max_length');
  if (policy.requireUppercase && !/\p{Lu}/u.test(visible)) unmet.push('uppercase');
  if (policy.requireLowercase && !/\p{Ll}/u.test(visible)) unmet.push('lowercase');
  if (policy.requireDigit && !/\p{Nd}/u.test(visible)) unmet.push('digit');
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}\s]/u.test(visible)) unmet.push('symbol');
  if (isCommonPassword(visible)) unmet.push('common');
  const lower = visible.toLowerCase();
  if (personalFragments(person).some((fragment) => lower.includes(fragment))) unmet.push('personal');
  return unmet;
}

export function passwordRuleMessage(rule: PasswordRule, policy: PasswordPolicy): LocalisedText {
  switch (rule) {
    case 'min_length':
      return { en: `at least ${policy.minLength} characters`, de: `mindestens ${policy.minLength} Zeichen` };
    case 'max_length':
      return { en: `at most ${PASSWORD_MAX_BYTES} bytes`, de: `höchstens ${PASSWORD_MAX_BYTES} Byte` };
    case 'uppercase':
      return { en: 'at least one upper-case letter', de: 'mindestens ein Großbuchstabe' };
    case 'lowercase':
      return { en: 'at least one lower-case letter', de: 'mindestens ein Kleinbuchstabe' };
    case 'digit':
      return { en: 'at least one digit', de: 'mindestens eine Ziffer' };
    case 'symbol':
      return { en: 'at least one symbol (not a letter or digit)', de: 'mindestens ein Sonderzeichen' };
    case 'common':
      return { en: 'not one of the most common passwords', de: 'keines der häufigsten Passwörter' };
    case 'personal':
      return { en: 'not containing your name or e-mail address', de: 'ohne Ihren Namen oder Ihre E-Mail-Adresse' };
  }
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password that meets the default policy (for first administrators and resets by operators). */
export function generatePassword(length = 20): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    if (unmetPasswordRules(out).length === 0) return out;
  }
}
