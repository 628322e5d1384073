import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { personalColumnsMarkdown } from './personal-data.js';

/**
 * docs/privacy.md's tables of personal columns are written from personal-data.ts between two
 * markers: `npm run docs:privacy` rewrites them; personal-data.test.ts fails while they differ.
 */
const PERSONAL_COLUMNS_START = '<!-- personal columns: written from src/platform/privacy/personal-data.ts by `npm run docs:privacy` -->';
const PERSONAL_COLUMNS_END = '<!-- end of personal columns -->';

export const PRIVACY_DOC = fileURLToPath(new URL('../../../docs/privacy.md', import.meta.url));

/** The document with the text between the markers replaced by the tables as the list gives them. */
export function withPersonalColumns(doc: string): string {
  const start = doc.indexOf(PERSONAL_COLUMNS_START);
  const end = doc.indexOf(PERSONAL_COLUMNS_END);
  if (start === -1 || end < start) throw new Error(`docs/privacy.md: the markers ${PERSONAL_COLUMNS_START} and ${PERSONAL_COLUMNS_END} are missing`);
  return `${doc.slice(0, start + PERSONAL_COLUMNS_START.length)}\n\n${personalColumnsMarkdown()}\n\n${doc.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(PRIVACY_DOC, withPersonalColumns(readFileSync(PRIVACY_DOC, 'utf8')));
  console.log(`${PRIVACY_DOC}: personal columns written`);
}
