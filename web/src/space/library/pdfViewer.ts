/**
 * The site's PDF viewer, the same the visitors' pages use (src/space/pdf-viewer/pdf-viewer-script.ts),
 * served with PDF.js by the server and loaded only when a PDF is first shown or drawn.
 */
const VIEWER_SCRIPT = '/s/pdf-viewer.js';
/** Its styles: the pages and the text layer over them. */
export const PDF_VIEWER_STYLE_PATH = '/s/pdf-viewer.css';

interface PdfViewer {
  /** Shows the PDF named by the element's `data-pdf-src` in it; answers a function that stops it. */
  showPdf(holder: HTMLElement, options: { root?: HTMLElement }): Promise<() => void>;
  /** Page 1 drawn `width` pixels wide on white, as WebP (or PNG); null when it cannot be read or drawn. */
  firstPagePicture(url: string, width: number): Promise<Blob | null>;
}

export function loadPdfViewer(): Promise<PdfViewer> {
  return import(/* @vite-ignore */ VIEWER_SCRIPT) as Promise<PdfViewer>;
}
