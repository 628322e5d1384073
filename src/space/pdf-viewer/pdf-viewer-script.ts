import { PDFJS_BASE } from './pdf-viewer-assets.js';

/** A page counts as seen once it has filled half the window, or half of it has been in view, for this long without a break. */
const SEEN_AFTER_MS = 1000;

/**
 * The one PDF viewer of the site, on PDF.js: for the pages people without an account open (share
 * links, guest reviews), where it starts by itself on the element with `data-pdf-src`, and for the
 * web app, which imports it and calls `showPdf` (marking its element `data-pdf-manual`).
 *
 * Each page is drawn when it comes near the window and let go when far from it (a long document on
 * a phone does not hold every page's pixels), with its text laid over it (read by screen readers,
 * selectable) and its links (web and mail addresses, pages of the document; a link to a page is
 * named from `data-link-page-label`, "Go to page {page}"), as a group labelled from
 * `data-page-label` ("Page {page} of {pages}") and marked `data-page`. It keeps the pages seen in the element's `data-pages-seen` and the page count in
 * `data-page-count`, where the view beacon reads them. `firstPagePicture` draws page 1 for a
 * small picture. A module from the site's own origin, as the strict CSP allows; styles only
 * through the CSS object model, which that policy does not restrict.
 */
export const PDF_VIEWER_SCRIPT = `import * as pdfjs from '${PDFJS_BASE}build/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '${PDFJS_BASE}build/pdf.worker.min.mjs';

function open(url) {
  return pdfjs.getDocument({
    url,
    useWasm: false,
    wasmUrl: '${PDFJS_BASE}wasm/',
    standardFontDataUrl: '${PDFJS_BASE}standard_fonts/',
    cMapUrl: '${PDFJS_BASE}cmaps/',
    cMapPacked: true,
    enableXfa: false,
  });
}

/** Shows the PDF of holder's data-pdf-src in it; the pages scroll in root (the window when none). Answers a function that stops it. */
export async function showPdf(holder, options = {}) {
  const root = options.root || null;
  const status = holder.querySelector('[data-pdf-status]');
  status.textContent = holder.getAttribute('data-loading');
  status.hidden = false;
  const loading = open(holder.getAttribute('data-pdf-src'));
  const observers = [];
  let stopped = false;
  const onVisibility = () => sections.forEach(settle);
  const sections = [];
  const stop = () => {
    stopped = true;
    observers.forEach((observer) => observer.disconnect());
    document.removeEventListener('visibilitychange', onVisibility);
    loading.destroy();
  };
  let doc;
  try {
    doc = await loading.promise;
  } catch (error) {
    if (stopped) return stop;
    status.textContent = holder.getAttribute('data-failed');
    status.setAttribute('role', 'alert');
    return stop;
  }
  const count = doc.numPages;
  const label = holder.getAttribute('data-page-label');
  const pages = document.createElement('div');
  pages.className = 'pdf-pages';
  const firstSize = (await doc.getPage(1)).getViewport({ scale: 1 });
  if (stopped) return stop;
  for (let number = 1; number <= count; number++) {
    const section = document.createElement('div');
    section.className = 'pdf-page';
    section.setAttribute('role', 'group');
    section.setAttribute('aria-label', label.replace('{page}', number).replace('{pages}', count));
    section.setAttribute('data-page', String(number));
    // A link to this page moves the focus here, so the keyboard goes on from it.
    section.tabIndex = -1;
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
      const links = await linksOf(page, unscaled);
      // Let go of while its links were read: the section is empty again and stays so.
      if (drawn.get(section) === held) section.append(links);
    } catch (error) {
      // Let go of before it was drawn.
    }
  };

  // The page's links, over it where the PDF puts them: to a web or mail address (in a new tab,
  // telling it nothing of this page), or to a page of the document (scrolled to). A PDF is
  // anybody's file: any other kind of target (javascript:, file:, a launch action) is left out.
  const goLabel = holder.getAttribute('data-link-page-label') || '{page}';
  const linksOf = async (page, unscaled) => {
    const layer = document.createElement('div');
    layer.className = 'pdf-links';
    let annotations = [];
    try {
      annotations = await page.getAnnotations({ intent: 'display' });
    } catch (error) {
      return layer;
    }
    for (const annotation of annotations) {
      if (annotation.subtype !== 'Link' || !Array.isArray(annotation.rect)) continue;
      const link = document.createElement('a');
      const web = webAddress(annotation.url);
      if (web) {
        link.href = web;
        link.target = '_blank';
        link.rel = 'noopener noreferrer nofollow';
        link.setAttribute('aria-label', web);
      } else {
        const number = await pageOfDestination(annotation.dest);
        if (!number) continue;
        const target = sections[number - 1];
        link.href = '#';
        link.setAttribute('aria-label', goLabel.replace('{page}', number));
        link.addEventListener('click', (event) => {
          event.preventDefault();
          target.scrollIntoView({ block: 'start' });
          target.focus({ preventScroll: true });
        });
      }
      // PDF space (origin bottom left) to the page's box as drawn (rotation and crop included), as shares of it.
      const [x1, y1] = unscaled.convertToViewportPoint(annotation.rect[0], annotation.rect[1]);
      const [x2, y2] = unscaled.convertToViewportPoint(annotation.rect[2], annotation.rect[3]);
      link.style.left = (Math.min(x1, x2) / unscaled.width) * 100 + '%';
      link.style.top = (Math.min(y1, y2) / unscaled.height) * 100 + '%';
      link.style.width = (Math.abs(x2 - x1) / unscaled.width) * 100 + '%';
      link.style.height = (Math.abs(y2 - y1) / unscaled.height) * 100 + '%';
      layer.append(link);
    }
    return layer;
  };
  const webAddress = (url) => {
    if (typeof url !== 'string') return null;
    try {
      const parsed = new URL(url);
      return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null;
    } catch (error) {
      return null;
    }
  };
  const pageOfDestination = async (dest) => {
    try {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
      if (!Array.isArray(explicit) || explicit.length === 0) return null;
      const index = Number.isInteger(explicit[0]) ? explicit[0] : await doc.getPageIndex(explicit[0]);
      return index >= 0 && index < count ? index + 1 : null;
    } catch (error) {
      return null;
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
  }, { root, rootMargin: '200% 0px' });
  const resize = new ResizeObserver(() => {
    for (const [section, held] of drawn) if (held.width) section.style.setProperty('--total-scale-factor', String(section.clientWidth / held.width));
  });
  resize.observe(pages);

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
  }, { root, threshold: thresholds });
  document.addEventListener('visibilitychange', onVisibility);
  observers.push(near, resize, watch);
  for (const section of sections) {
    near.observe(section);
    watch.observe(section);
  }
  return stop;
}

/** Page 1 of the PDF at url drawn width pixels wide on white, as a WebP (or PNG) picture; null when it cannot be read or drawn. */
export async function firstPagePicture(url, width) {
  const loading = open(url);
  try {
    const page = await (await loading.promise).getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / unscaled.width });
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = Math.max(1, Math.round(viewport.height));
    await page.render({ canvas, viewport, background: '#ffffff' }).promise;
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/webp', 0.8));
  } catch (error) {
    return null;
  } finally {
    loading.destroy();
  }
}

const visitorHolder = document.querySelector('[data-pdf-src]:not([data-pdf-manual])');
if (visitorHolder) showPdf(visitorHolder);
`;
