import { loadPdfViewer } from './pdfViewer';

/** The width of the picture sent for a PDF's small picture (the server crops and shrinks it to 160 px). */
const PICTURE_WIDTH = 320;
/** How long the first page may take to come and be drawn: then there is none. */
const PAGE_TIMEOUT_MS = 15_000;

/** The PDF's first page at `src` as a picture, drawn by the site's PDF viewer; null when the PDF cannot be read or drawn in time. */
export async function renderPdfFirstPage(src: string): Promise<Blob | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), PAGE_TIMEOUT_MS));
  const drawn = loadPdfViewer()
    .then((viewer) => viewer.firstPagePicture(src, PICTURE_WIDTH))
    .catch(() => null);
  return Promise.race([drawn, timeout]);
}
