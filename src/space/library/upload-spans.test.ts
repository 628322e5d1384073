import { describe, expect, it } from 'vitest';
import { contiguousEnd, uncoveredPart } from './upload-spans.js';

const chunk = (firstByte: number, size: number) => ({ firstByte, size, blobHash: `h${String(firstByte)}` });

describe('the spans of a resumable upload', () => {
  it('keeps of a chunk only its first run that nothing holds yet', () => {
    expect(uncoveredPart({ first: 0, end: 100 }, 0, [])).toEqual({ first: 0, end: 100 });
    expect(uncoveredPart({ first: 50, end: 150 }, 100, [])).toEqual({ first: 100, end: 150 });
    expect(uncoveredPart({ first: 0, end: 100 }, 100, [])).toBeNull();
    expect(uncoveredPart({ first: 200, end: 300 }, 100, [chunk(200, 100)])).toBeNull();
    expect(uncoveredPart({ first: 100, end: 400 }, 100, [chunk(200, 100)])).toEqual({ first: 100, end: 200 });
    expect(uncoveredPart({ first: 250, end: 400 }, 100, [chunk(200, 100)])).toEqual({ first: 300, end: 400 });
    expect(uncoveredPart({ first: 200, end: 500 }, 100, [chunk(200, 100), chunk(300, 50), chunk(400, 100)])).toEqual({ first: 350, end: 400 });
  });

  it('joins the chunks that touch the bytes received without a gap', () => {
    expect(contiguousEnd(0, [])).toBe(0);
    expect(contiguousEnd(100, [chunk(300, 100), chunk(100, 100)])).toBe(200);
    expect(contiguousEnd(100, [chunk(200, 100), chunk(100, 100), chunk(300, 10)])).toBe(310);
  });
});
