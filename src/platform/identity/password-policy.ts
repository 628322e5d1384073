import { randomInt } from 'node:crypto';
import type { LocalisedText } from '../http/errors.js';
import type { ResolvedTenantSettings } from '../tenancy/tenant-settings.js';
import { isCommonPassword } from './common-passwords.js';
import { PASSWORD_MAX_BYTES, ROLES } from './identity.contract.js';

export { PASSWORD_MAX_BYTES };

export type PasswordRule =
  | 'min_length'
  | 'max_length'
  | 'uppercase'
  | 'lowercase'
  | 'digit'
  | 'symbol'
  | 'common'
  | 'personal'
  | 'context';

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

/** The site a password is set on: its name, slug and host names are kept out of passwords too. */
export interface SiteWords {
  name: string;
  slug: string;
  hostnames: readonly string[];
}

/**
 * Words of the product and of its roles (English names and the German ones the app shows),
 * refused in every password, on every site (ASVS V6.1.2; the list is in docs/security.md).
 * A word also covers the longer ones it is part of (admin: administrator, trainer: trainerin).
 */
export const PRODUCT_WORDS: readonly string[] = ['lectern', ...ROLES, 'administrator', 'trainer', 'teilnehmer'];

/** Site words shorter than this are not refused: they would turn away too many good passwords. */
const MIN_CONTEXT_WORD = 4;

/** The site's words: its name (each word and all of it), its slug (and parts), its host names' labels but the last. */
function siteFragments(site: SiteWords | undefined): string[] {
  if (!site) return [];
  const name = site.name.normalize('NFKC').toLowerCase();
  const nameWords = name.split(/[^\p{L}\p{N}]+/u);
  const labels = site.hostnames.flatMap((host) => host.toLowerCase().split('.').slice(0, -1)).filter((label) => label !== 'www');
  return [...nameWords, nameWords.join(''), site.slug, ...site.slug.split('-'), ...labels];
}

function contextFragments(site: SiteWords | undefined): string[] {
  return [...PRODUCT_WORDS, ...siteFragments(site)].map((w) => w.toLowerCase()).filter((w) => w.length >= MIN_CONTEXT_WORD);
}

const LOOKALIKES: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's', '7': 't', '!': 'i', '|': 'l' };

/** The password as read with digits and symbols that stand in for letters (l3ct3rn, @dm1n) read as those letters. */
function lookalikeReadings(lower: string): string[] {
  const plain = [...lower].map((c) => LOOKALIKES[c] ?? c).join('');
  return [lower, plain.replaceAll('1', 'i'), plain.replaceAll('1', 'l')];
}

/** Every rule the password misses, in a stable order; empty means acceptable. */
export function unmetPasswordRules(
  password: string,
  policy: PasswordPolicy = DEFAULT_POLICY,
  person: PersonalData = {},
  site?: SiteWords,
): PasswordRule[] {
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
  const readings = lookalikeReadings(lower);
  if (contextFragments(site).some((word) => readings.some((reading) => reading.includes(word)))) unmet.push('context');
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
    case 'context':
      return {
        en: 'not containing the name of this site or of Lectern, or a role such as "admin"',
        de: 'ohne den Namen dieser Site oder von Lectern und ohne eine Rolle wie „Admin“',
      };
  }
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
/** Added when the policy wants a symbol: none that a shell or a URL would read specially. */
const SYMBOLS = '-_.+=%';

/**
 * A random password (for first administrators and resets by operators) that meets the site's
 * policy, symbols and length included, and holds none of the person's or the site's words, so
 * that setting it cannot fail (ASVS V6.4.1). 20 characters, or the policy's minimum if longer.
 */
export function generatePassword(rules: { policy?: PasswordPolicy; person?: PersonalData; site?: SiteWords } = {}): string {
  const policy = rules.policy ?? DEFAULT_POLICY;
  const alphabet = policy.requireSymbol ? ALPHABET + SYMBOLS : ALPHABET;
  const length = Math.max(20, policy.minLength);
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
    if (unmetPasswordRules(out, policy, rules.person, rules.site).length === 0) return out;
  }
}
