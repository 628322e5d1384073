/**
 * PDF.js, loaded when a PDF is first drawn, not with the app (it and its worker are large), with
 * its worker set. Options every document of the app is opened with: no WebAssembly (the CSP does
 * not allow compiling it), no XFA forms.
 */
export async function loadPdfjs() {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export const PDF_OPTIONS = { useWasm: false, enableXfa: false } as const;
