import type { Language } from './language.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/**
 * A minimal server-rendered page for answers a browser shows before the SPA can run
 * (unknown host, disabled site). Plain markup: the strict CSP allows no inline styles.
 */
export function renderMessagePage(input: { language: Language; title: string; message: string; detail?: string }): string {
  const detail = input.detail ? `<p>${escapeHtml(input.detail)}</p>` : '';
  return `<!doctype html>
<html lang="${input.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)} · Lectern</title></head>
<body><main><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(input.message)}</p>${detail}</main></body>
</html>
`;
}
