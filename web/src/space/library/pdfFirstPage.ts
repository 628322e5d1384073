import { loadPdfjs, PDF_OPTIONS } from './pdfjs';

/** The width of the picture sent for a PDF's small picture (the server crops and shrinks it to 160 px). */
const PICTURE_WIDTH = 320;
/** How long the first page may take to come and be drawn: then there is none. */
const PAGE_TIMEOUT_MS = 15_000;

/**
 * The PDF's first page at `src`, drawn on a white page as a WebP (or PNG) picture by PDF.js (loaded
 * only when a PDF needs a picture). Null when the PDF cannot be read or drawn in time.
 */
export async function renderPdfFirstPage(src: string): Promise<Blob | null> {
  const pdfjs = await loadPdfjs();
  const loading = pdfjs.getDocument({ url: src, ...PDF_OPTIONS });
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), PAGE_TIMEOUT_MS));
  const drawn = (async () => {
    const doc = await loading.promise;
    const page = await doc.getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: PICTURE_WIDTH / unscaled.width });
    const canvas = document.createElement('canvas');
    canvas.width = PICTURE_WIDTH;
    canvas.height = Math.max(1, Math.round(viewport.height));
    await page.render({ canvas, viewport, background: '#ffffff' }).promise;
    return new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8));
  })().catch(() => null);
  try {
    return await Promise.race([drawn, timeout]);
  } finally {
    void loading.destroy();
  }
}
