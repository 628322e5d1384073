/**
 * The PDF viewer's styles: pages one below the other, as wide as the page allows; and PDF.js's
 * text layer (transparent text over each drawn page, placed by the variables PDF.js sets), which
 * screen readers read and people select and copy from; and the page's links over both.
 */
export const PDF_VIEWER_STYLE = `.pdf-pages { display: flex; flex-direction: column; gap: 12px; max-width: 900px; }
.pdf-page { position: relative; width: 100%; background: #fff; outline: 1px solid #767676; --scale-round-x: 1px; --scale-round-y: 1px; }
.pdf-page canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.textLayer { position: absolute; inset: 0; overflow: clip; line-height: 1; text-align: initial; letter-spacing: normal; word-spacing: normal; text-size-adjust: none; forced-color-adjust: none; transform-origin: 0 0; caret-color: CanvasText; z-index: 0;
  --min-font-size: 1; --text-scale-factor: calc(var(--total-scale-factor) * var(--min-font-size)); --min-font-size-inv: calc(1 / var(--min-font-size)); }
.textLayer span, .textLayer br { color: transparent; position: absolute; white-space: pre; cursor: text; transform-origin: 0% 0%; }
.textLayer > :not(.markedContent), .textLayer .markedContent span:not(.markedContent) { z-index: 1; --font-height: 0; font-size: calc(var(--text-scale-factor) * var(--font-height));
  --scale-x: 1; --rotate: 0deg; transform: rotate(var(--rotate)) scaleX(var(--scale-x)) scale(var(--min-font-size-inv)); }
.textLayer .markedContent { display: contents; }
.textLayer ::selection { background: rgba(0, 0, 255, 0.25); color: transparent; }
.pdf-links a { position: absolute; z-index: 2; }
.pdf-links a:hover { background: rgba(0, 95, 204, 0.12); }
.pdf-links a:focus-visible { outline: 3px solid #005fcc; outline-offset: 1px; }
.pdf-page:focus-visible { outline: 3px solid #005fcc; }
.textLayer .endOfContent { display: block; position: absolute; inset: 100% 0 0; z-index: 0; cursor: default; user-select: none; }
`;
