import { escapeHtml, type Language } from '../platform/http/index.js';
import type { ItemRecord } from './library/items.repository.js';
import { pdfViewer } from './pdf-viewer/pdf-viewer.js';

/**
 * The Space's pages for people without an account (share links, guest reviews): plain
 * server-rendered HTML in German or English, no inline script or style (the strict CSP), and no
 * referrer (their address carries a token). Scripts come from the site's own origin: the view
 * beacon and the PDF viewer.
 */
export function visitorPage(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Lectern</title></head>
<body><main>${body}</main></body>
</html>
`;
}

const NO_PREVIEW = { en: 'There is no preview of this file in the browser.', de: 'Für diese Datei gibt es keine Vorschau im Browser.' } as const;

/** The file's preview as the browser draws it (its bytes from `contentUrl`), or a note that there is none. */
export function filePreview(language: Language, item: Pick<ItemRecord, 'name' | 'fileKind'>, contentUrl: string): string {
  const src = escapeHtml(contentUrl);
  const name = escapeHtml(item.name);
  switch (item.fileKind) {
    case 'video':
      return `<video controls preload="metadata" width="100%" src="${src}" aria-label="${name}"></video>`;
    case 'audio':
      return `<audio controls preload="metadata" width="100%" src="${src}" aria-label="${name}"></audio>`;
    case 'image':
      return `<img src="${src}" alt="${name}" width="100%">`;
    case 'pdf':
      return pdfViewer(language, item.name, contentUrl);
    default:
      return `<p>${escapeHtml(NO_PREVIEW[language])}</p>`;
  }
}
