import type { Language } from './language.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/**
 * The shell of every server-rendered page: language, viewport, title, and optionally a stylesheet
 * of the app's own origin (the strict CSP allows no inline styles) and no referrer (for pages whose
 * address carries a token). `body` is markup its caller escaped.
 */
export function htmlDocument(input: { language: Language; title: string; body: string; stylesheet?: string; noReferrer?: boolean }): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    input.noReferrer ? '<meta name="referrer" content="no-referrer">' : '',
    `<title>${escapeHtml(input.title)}</title>`,
    input.stylesheet ? `<link rel="stylesheet" href="${escapeHtml(input.stylesheet)}">` : '',
  ].join('');
  return `<!doctype html>
<html lang="${input.language}">
<head>${head}</head>
<body>${input.body}</body>
</html>
`;
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
  return htmlDocument({
    language: input.language,
    title: `${input.title} · Lectern`,
    body: `<main><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.message)}</p>${detail}${other}</main>`,
  });
}
