import { dictionary } from '@zxcvbn-ts/language-common';

/** How many of the most common passwords (the list is ordered by frequency) are refused. */
const BLOCKLIST_SIZE = 30_000;

let blocklist: Set<string> | undefined;

/** Whether the password is among the ~30,000 most common ones, compared without regard to case. */
export function isCommonPassword(password: string): boolean {
  blocklist ??= new Set((dictionary['passwords-common'] as string[]).slice(0, BLOCKLIST_SIZE).map((p) => p.toLowerCase()));
  return blocklist.has(password.normalize('NFKC').toLowerCase());
}
