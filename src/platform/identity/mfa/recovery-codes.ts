import { createHash, randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from './mfa.contract.js';

/** Lower-case letters and digits without the look-alikes 0/o, 1/l/i: easy to read off paper. */
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 6;
const GROUP_LENGTH = 4;

/**
 * `abcd-efgh-jkmn-pqrs-tuvw-xyz2`: 24 characters of a 31-letter alphabet, about 119 bits. At
 * 112 bits or more a code cannot be found by trying them all against a stolen digest, so a fast
 * hash is enough (ASVS V6.5.2); codes of 12 characters issued before are still accepted, as
 * the digest is the same.
 */
export function newRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
}

/** Case, blanks and hyphens are ignored, so a code typed as printed or run together matches. */
function canonical(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

/** Only this digest is stored; the user id is mixed in so equal codes of two users differ. */
export function hashRecoveryCode(userId: string, code: string): string {
  return createHash('sha256').update(`${userId}:${canonical(code)}`).digest('base64url');
}
