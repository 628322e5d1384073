import type { SeenPages } from './analytics.schema.js';

/**
 * The pages of `a` and `b` together: whole numbers from 1 up to the page count (when known), sorted,
 * each once. A page a viewer reports beyond the document's end is dropped, not trusted.
 */
export function mergePages(a: SeenPages, b: SeenPages, pageCount: number | null): SeenPages {
  const last = pageCount ?? Infinity;
  return [...new Set([...a, ...b])].filter((page) => Number.isInteger(page) && page >= 1 && page <= last).sort((x, y) => x - y);
}

/** Pages as a reader writes them: "1–3, 5, 8–9". */
export function pageRangesText(pages: SeenPages): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    const start = pages[i]!;
    while (i + 1 < pages.length && pages[i + 1] === pages[i]! + 1) i++;
    parts.push(pages[i] === start ? String(start) : `${start}–${pages[i]}`);
  }
  return parts.join(', ');
}
