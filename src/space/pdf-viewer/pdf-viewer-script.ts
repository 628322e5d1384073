import { PDFJS_BASE } from './pdf-viewer-assets.js';

/** A page counts as seen once it has filled half the window, or half of it has been in view, for this long without a break. */
export const SEEN_AFTER_MS = 1000;

/**
 * The PDF viewer of the pages people without an account open (share links, guest reviews), on
 * PDF.js: each page drawn when it comes near the window, with its text laid over it (read by screen
 * readers, selectable), labelled "Page n of m". It keeps the pages seen in the holder's
 * `data-pages-seen` and the page count in `data-page-count`, where the view beacon reads them.
 * A module script from the site's own origin, as the strict CSP allows; styles only through the
 * CSS object model, which that policy does not restrict.
 */
export const PDF_VIEWER_SCRIPT = `import * as pdfjs from '${PDFJS_BASE}build/pdf.min.mjs';

const holder = document.querySelector('[data-pdf-src]');
if (holder) show(holder);

async function show(holder) {
  const status = holder.querySelector('[data-pdf-status]');
  status.textContent = holder.getAttribute('data-loading');
  status.hidden = false;
  pdfjs.GlobalWorkerOptions.workerSrc = '${PDFJS_BASE}build/pdf.worker.min.mjs';
  let doc;
  try {
    doc = await pdfjs.getDocument({
      url: holder.getAttribute('data-pdf-src'),
      useWasm: false,
      wasmUrl: '${PDFJS_BASE}wasm/',
      standardFontDataUrl: '${PDFJS_BASE}standard_fonts/',
      cMapUrl: '${PDFJS_BASE}cmaps/',
      cMapPacked: true,
      enableXfa: false,
    }).promise;
  } catch (error) {
    status.textContent = holder.getAttribute('data-failed');
    status.setAttribute('role', 'alert');
    return;
  }
  const count = doc.numPages;
  const label = holder.getAttribute('data-page-label');
  const pages = document.createElement('div');
  pages.className = 'pdf-pages';
  const firstSize = (await doc.getPage(1)).getViewport({ scale: 1 });
  const sections = [];
  for (let number = 1; number <= count; number++) {
    const section = document.createElement('div');
    section.className = 'pdf-page';
    section.setAttribute('role', 'group');
    section.setAttribute('aria-label', label.replace('{page}', number).replace('{pages}', count));
    section.style.aspectRatio = firstSize.width + ' / ' + firstSize.height;
    section.pdfPage = number;
    sections.push(section);
    pages.append(section);
  }
  holder.setAttribute('data-page-count', String(count));
  holder.setAttribute('data-pages-seen', '');
  status.textContent = '';
  status.hidden = true;
  holder.append(pages);

  // Drawn when near the window, and let go when far from it (a long document on a phone would
  // otherwise hold every page's pixels); the text layer follows the page's width as the window changes.
  const drawn = new Map();
  const draw = async (section) => {
    if (drawn.has(section)) return;
    const held = { width: 0, task: null };
    drawn.set(section, held);
    const page = await doc.getPage(section.pdfPage);
    if (drawn.get(section) !== held) return;
    const unscaled = page.getViewport({ scale: 1 });
    section.style.aspectRatio = unscaled.width + ' / ' + unscaled.height;
    const viewport = page.getViewport({ scale: section.clientWidth / unscaled.width });
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.setAttribute('aria-hidden', 'true');
    const text = document.createElement('div');
    text.className = 'textLayer';
    section.style.setProperty('--total-scale-factor', String(viewport.scale));
    section.append(canvas, text);
    held.width = unscaled.width;
    held.task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
    try {
      await held.task.promise;
      await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
    } catch (error) {
      // Let go of before it was drawn.
    }
  };
  const letGo = (section) => {
    const held = drawn.get(section);
    if (!held) return;
    drawn.delete(section);
    if (held.task) held.task.cancel();
    section.replaceChildren();
  };
  const near = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) draw(entry.target); else letGo(entry.target);
  }, { rootMargin: '200% 0px' });
  new ResizeObserver(() => {
    for (const [section, held] of drawn) if (held.width) section.style.setProperty('--total-scale-factor', String(section.clientWidth / held.width));
  }).observe(pages);

  // Seen: half the window filled, or half the page in view, for ${SEEN_AFTER_MS} ms while the tab is visible.
  const seen = new Set();
  const timers = new Map();
  const inView = new Map();
  const settle = (section) => {
    const enough = inView.get(section) && document.visibilityState === 'visible';
    if (enough && !timers.has(section) && !seen.has(section.pdfPage)) {
      timers.set(section, setTimeout(() => {
        timers.delete(section);
        seen.add(section.pdfPage);
        holder.setAttribute('data-pages-seen', [...seen].sort((a, b) => a - b).join(' '));
      }, ${SEEN_AFTER_MS}));
    } else if (!enough && timers.has(section)) {
      clearTimeout(timers.get(section));
      timers.delete(section);
    }
  };
  const thresholds = Array.from({ length: 11 }, (_, i) => i / 10);
  const watch = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const windowHeight = entry.rootBounds ? entry.rootBounds.height : window.innerHeight;
      inView.set(entry.target, entry.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= windowHeight / 2));
      settle(entry.target);
    }
  }, { threshold: thresholds });
  document.addEventListener('visibilitychange', () => sections.forEach(settle));
  for (const section of sections) {
    near.observe(section);
    watch.observe(section);
  }
}
`;
