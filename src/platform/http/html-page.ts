import type { Language } from './language.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** A page's text in one language. */
export interface PageText {
  language: Language;
  title: string;
  message: string;
}

/**
 * A minimal server-rendered page for answers a browser shows before the SPA can run
 * (unknown host, disabled site). Plain markup: the strict CSP allows no inline styles. With
 * `alsoIn`, the same text follows in another language (marked with its own lang): before the
 * SPA runs, the language a user chose in Lectern is unknown, and the browser's may not be theirs.
 */
export function renderMessagePage(input: PageText & { detail?: string; alsoIn?: PageText }): string {
  const detail = input.detail ? `<p>${escapeHtml(input.detail)}</p>` : '';
  const other = input.alsoIn
    ? `<section lang="${input.alsoIn.language}"><h2>${escapeHtml(input.alsoIn.title)}</h2><p>${escapeHtml(input.alsoIn.message)}</p></section>`
    : '';
  return `<!doctype html>
<html lang="${input.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)} · Lectern</title></head>
<body><main><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.message)}</p>${detail}${other}</main></body>
</html>
`;
}
