import { escapeHtml, type Language } from '../../platform/http/index.js';
import { PDF_VIEWER_SCRIPT_PATH, PDF_VIEWER_STYLE_PATH } from './pdf-viewer-assets.js';

const TEXT = {
  en: { loading: 'Loading the PDF…', failed: 'The PDF cannot be shown here.', open: 'Open the PDF', page: 'Page {page} of {pages}', goToPage: 'Go to page {page}' },
  de: { loading: 'Das PDF wird geladen …', failed: 'Das PDF kann hier nicht gezeigt werden.', open: 'PDF öffnen', page: 'Seite {page} von {pages}', goToPage: 'Zu Seite {page}' },
} as const;

/**
 * A PDF's pages in the page (the viewer's script draws them from `contentUrl`, saying meanwhile that
 * it loads), with a way to open the file itself where the script cannot run or the PDF cannot be read.
 */
export function pdfViewer(language: Language, name: string, contentUrl: string): string {
  const t = TEXT[language];
  const src = escapeHtml(contentUrl);
  return `<link rel="stylesheet" href="${PDF_VIEWER_STYLE_PATH}"><section class="pdf-viewer" aria-label="${escapeHtml(name)}" data-pdf-src="${src}" data-page-label="${escapeHtml(t.page)}" data-link-page-label="${escapeHtml(t.goToPage)}" data-loading="${escapeHtml(t.loading)}" data-failed="${escapeHtml(t.failed)}"><p data-pdf-status hidden></p><p><a href="${src}">${escapeHtml(t.open)}</a></p></section><script type="module" src="${PDF_VIEWER_SCRIPT_PATH}"></script>`;
}
