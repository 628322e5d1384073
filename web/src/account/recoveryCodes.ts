// The recovery codes as a text file to keep: what they are for, for which account, the codes.

export interface RecoveryCodesFileTexts {
  heading: string;
  account: string;
  note: string;
}

export function recoveryCodesFile(codes: readonly string[], texts: RecoveryCodesFileTexts, createdAt: Date): string {
  return [
    texts.heading,
    texts.account,
    createdAt.toISOString().slice(0, 10),
    '',
    ...codes,
    '',
    texts.note,
    '',
  ].join('\r\n');
}

/** A file name without characters that file systems refuse. */
export function recoveryCodesFileName(siteSlug: string): string {
  const safe = siteSlug.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'lectern';
  return `${safe}-recovery-codes.txt`;
}
