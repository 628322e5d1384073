import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where PDF.js is installed (a dependency; its build is served as it ships). */
export const PDFJS_ROOT = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const PDFJS_VERSION = (JSON.parse(readFileSync(path.join(PDFJS_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** PDF.js's files under an address that names its version, so a browser may keep them for good. */
export const PDFJS_BASE = `/s/pdfjs/${PDFJS_VERSION}/`;
/** The files of PDF.js a browser needs: the library, its worker, the fonts and character maps PDFs may name, and the decoders it uses without WebAssembly. */
export const PDFJS_FILES = /^(build\/pdf(\.worker)?\.min\.mjs|standard_fonts\/[\w-]+\.(pfb|ttf)|cmaps\/[\w-]+\.bcmap|wasm\/\w+_nowasm_fallback\.js)$/;

export const PDF_VIEWER_SCRIPT_PATH = '/s/pdf-viewer.js';
export const PDF_VIEWER_STYLE_PATH = '/s/pdf-viewer.css';
