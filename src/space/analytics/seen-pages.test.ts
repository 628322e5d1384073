import { describe, expect, it } from 'vitest';
import { mergePages, pageRangesText } from './seen-pages.js';

describe('pages of a PDF seen', () => {
  it('merges pages once each, in order, within the document', () => {
    expect(mergePages([3, 1], [2, 3, 9], 5)).toEqual([1, 2, 3]);
    expect(mergePages([], [4, 0, -1, 2.5, 7], null)).toEqual([4, 7]);
  });

  it('writes pages as a reader does', () => {
    expect(pageRangesText([])).toBe('');
    expect(pageRangesText([1])).toBe('1');
    expect(pageRangesText([1, 2, 3, 5, 8, 9])).toBe('1–3, 5, 8–9');
  });
});
