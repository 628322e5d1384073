import { describe, expect, it } from 'vitest';
import { byteRangeOf, isNotModified } from './conditional-get.js';

const file = { etag: '"abc"', lastModified: new Date('2026-03-01T10:00:00.500Z') };

describe('conditional GET of a stored file', () => {
  it('is not modified for a matching ETag (also weak, in a list, or *), and modified for another', () => {
    expect(isNotModified({ 'if-none-match': '"abc"' }, file)).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"abc"' }, file)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"x", "abc"' }, file)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, file)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"abd"' }, file)).toBe(false);
    expect(isNotModified({}, file)).toBe(false);
  });

  it('compares If-Modified-Since in whole seconds, and ignores it when If-None-Match is sent', () => {
    expect(isNotModified({ 'if-modified-since': 'Sun, 01 Mar 2026 10:00:00 GMT' }, file)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Sun, 01 Mar 2026 09:59:59 GMT' }, file)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'yesterday' }, file)).toBe(false);
    expect(isNotModified({ 'if-none-match': '"other"', 'if-modified-since': 'Sun, 01 Mar 2026 11:00:00 GMT' }, file)).toBe(false);
  });

  it('sends one range: open ends, suffixes, clamped ends and merged overlaps; several apart or malformed get the whole file', () => {
    expect(byteRangeOf({ range: 'bytes=10-19' }, 100, file)).toEqual({ start: 10, end: 19 });
    expect(byteRangeOf({ range: 'bytes=90-' }, 100, file)).toEqual({ start: 90, end: 99 });
    expect(byteRangeOf({ range: 'bytes=-10' }, 100, file)).toEqual({ start: 90, end: 99 });
    expect(byteRangeOf({ range: 'bytes=-500' }, 100, file)).toEqual({ start: 0, end: 99 });
    expect(byteRangeOf({ range: 'bytes=95-500' }, 100, file)).toEqual({ start: 95, end: 99 });
    expect(byteRangeOf({ range: 'bytes=0-9,5-20,21-30' }, 100, file)).toEqual({ start: 0, end: 30 });
    expect(byteRangeOf({ range: 'bytes=0-9,50-59' }, 100, file)).toBeUndefined();
    expect(byteRangeOf({ range: 'bytes=abc' }, 100, file)).toBeUndefined();
    expect(byteRangeOf({ range: 'items=0-9' }, 100, file)).toBeUndefined();
    expect(byteRangeOf({}, 100, file)).toBeUndefined();
  });

  it('honours If-Range: the range only while the ETag or date still matches', () => {
    expect(byteRangeOf({ range: 'bytes=0-9', 'if-range': '"abc"' }, 100, file)).toEqual({ start: 0, end: 9 });
    expect(byteRangeOf({ range: 'bytes=0-9', 'if-range': '"old"' }, 100, file)).toBeUndefined();
    expect(byteRangeOf({ range: 'bytes=0-9', 'if-range': 'Sun, 01 Mar 2026 10:00:00 GMT' }, 100, file)).toEqual({ start: 0, end: 9 });
    expect(byteRangeOf({ range: 'bytes=0-9', 'if-range': 'Sun, 01 Mar 2026 09:00:00 GMT' }, 100, file)).toBeUndefined();
  });
});
