import type { ByteRange } from '../storage/blob-location.js';

/** The validators of a stored file: its strong ETag (the blob hash) and when it last changed. */
export interface FileValidators {
  etag: string;
  lastModified: Date;
}

/** HTTP dates have whole seconds: a file is unchanged since a date of the same second. */
function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  // If-None-Match compares weakly: W/"x" matches "x".
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Whether a GET or HEAD is answered 304 Not Modified: If-None-Match when sent (and then
 * If-Modified-Since is ignored, RFC 9110 13.2.2), else If-Modified-Since.
 */
export function isNotModified(headers: { 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined }, file: FileValidators): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) return etagMatches(noneMatch, file.etag);
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && wholeSeconds(file.lastModified) <= Math.floor(since / 1000);
}

/**
 * The one byte range to send, or undefined for the whole file: no Range, a malformed one, an
 * If-Range that no longer matches, or several ranges that do not merge into one (as send did:
 * those get the whole file). Overlapping or adjacent ranges merge. Unsatisfiable ranges are the
 * caller's to refuse first (rangeSatisfiable).
 */
export function byteRangeOf(headers: { range?: string | undefined; 'if-range'?: string | undefined }, size: number, file: FileValidators): ByteRange | undefined {
  const header = headers.range;
  if (header === undefined || !/^ *bytes=/.test(header) || size === 0) return undefined;
  const ifRange = headers['if-range']?.trim();
  if (ifRange) {
    const fresh = ifRange.startsWith('"') ? ifRange === file.etag : Date.parse(ifRange) >= wholeSeconds(file.lastModified) * 1000;
    if (!fresh) return undefined;
  }
  const ranges: ByteRange[] = [];
  for (const spec of header.slice(header.indexOf('=') + 1).split(',')) {
    const match = /^\s*(\d*)-(\d*)\s*$/.exec(spec);
    if (!match || (match[1] === '' && match[2] === '')) return undefined;
    const range =
      match[1] === ''
        ? { start: Math.max(0, size - Number(match[2])), end: size - 1 }
        : { start: Number(match[1]), end: match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1) };
    if (range.start <= range.end && range.start < size) ranges.push(range);
  }
  if (ranges.length === 0) return undefined;
  ranges.sort((a, b) => a.start - b.start);
  const merged = { ...ranges[0]! };
  for (const next of ranges.slice(1)) {
    if (next.start > merged.end + 1) return undefined;
    merged.end = Math.max(merged.end, next.end);
  }
  return merged;
}

/** False only for a well-formed `bytes=` Range of which no part overlaps the file (a malformed one is ignored: the whole file is sent). */
export function rangeSatisfiable(header: string | undefined, size: number): boolean {
  const match = /^bytes=(.+)$/.exec(header?.trim() ?? '');
  if (!match) return true;
  const specs = match[1]!.split(',').map((spec) => /^\s*(\d*)-(\d*)\s*$/.exec(spec));
  if (specs.some((spec) => !spec || (spec[1] === '' && spec[2] === ''))) return true;
  return specs.some((spec) => (spec![1] === '' ? Number(spec![2]) > 0 && size > 0 : Number(spec![1]) < size));
}
