import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * DejaVu (from the dejavu-fonts-ttf package), embedded as a subset: the PDF standard fonts cover
 * only Latin-1, and a person may be called Łukasz, Ἀλέξανδρος or Дмитрий.
 */
export const PDF_FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  serif: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
};

/** Registers the fonts under their names (`regular`, `bold`, `serif`) and collects the document's bytes once it ends. */
export function pdfBytes(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  for (const [name, file] of Object.entries(PDF_FONTS)) pdf.registerFont(name, file);
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}
