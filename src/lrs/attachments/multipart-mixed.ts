import { randomBytes } from 'node:crypto';

/**
 * multipart/mixed (RFC 2046 section 5.1) for xAPI statement requests and answers with attachments.
 * Hand-written because the usual parsers take multipart/form-data only. The body is held whole (the
 * caller reads it under a size limit); parsing is one pass of Buffer.indexOf over it, and the parts
 * are views into it, not copies.
 */

export type MultipartPart = {
  /** Header names in lower case; values trimmed, folded lines joined. */
  headers: Record<string, string>;
  body: Buffer;
};

export type MultipartLimits = { maxParts: number; maxPartHeaderBytes: number };

export type MultipartReason =
  | 'not-multipart-mixed'
  | 'missing-boundary'
  | 'invalid-boundary'
  | 'missing-opening-delimiter'
  | 'missing-close-delimiter'
  | 'no-parts'
  | 'part-without-blank-line'
  | 'part-header-too-large'
  | 'header-without-colon'
  | 'invalid-header-line'
  | 'duplicate-header'
  | 'too-many-parts';

export class MultipartError extends Error {
  /** 413 when the request is over a limit of the LRS (xAPI Communication 3.2), 400 when it is malformed. */
  readonly status: 400 | 413;

  constructor(
    readonly reason: MultipartReason,
    message: string,
  ) {
    super(message);
    this.name = 'MultipartError';
    this.status = reason === 'too-many-parts' ? 413 : 400;
  }
}

// RFC 2046 bcharsnospace, plus the space that may not end a boundary.
const BOUNDARY_CHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

/** The boundary parameter of a multipart/mixed Content-Type, quoted or not. */
export function multipartBoundary(contentTypeHeader: string): string {
  const semicolon = contentTypeHeader.indexOf(';');
  const mediaType = (semicolon < 0 ? contentTypeHeader : contentTypeHeader.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType !== 'multipart/mixed') throw new MultipartError('not-multipart-mixed', `The content type is ${mediaType || 'empty'}, not multipart/mixed.`);

  let boundary: string | undefined;
  let at = semicolon < 0 ? contentTypeHeader.length : semicolon + 1;
  while (at < contentTypeHeader.length) {
    const equals = contentTypeHeader.indexOf('=', at);
    const nextSemicolon = contentTypeHeader.indexOf(';', at);
    if (equals < 0 || (nextSemicolon >= 0 && nextSemicolon < equals)) {
      // A parameter without a value ("multipart/mixed;" or "; ;"): nothing to read.
      at = nextSemicolon < 0 ? contentTypeHeader.length : nextSemicolon + 1;
      continue;
    }
    const name = contentTypeHeader.slice(at, equals).trim().toLowerCase();
    let value: string;
    let cursor = equals + 1;
    while (contentTypeHeader[cursor] === ' ' || contentTypeHeader[cursor] === '\t') cursor++;
    if (contentTypeHeader[cursor] === '"') {
      // quoted-string: backslash escapes the next character.
      value = '';
      cursor++;
      for (;;) {
        const char = contentTypeHeader[cursor];
        if (char === undefined) throw new MultipartError('invalid-boundary', 'A quoted Content-Type parameter is not closed.');
        if (char === '"') break;
        if (char === '\\') cursor++;
        value += contentTypeHeader[cursor] ?? '';
        cursor++;
      }
      const after = contentTypeHeader.indexOf(';', cursor);
      at = after < 0 ? contentTypeHeader.length : after + 1;
    } else {
      const end = contentTypeHeader.indexOf(';', cursor);
      value = contentTypeHeader.slice(cursor, end < 0 ? undefined : end).trim();
      at = end < 0 ? contentTypeHeader.length : end + 1;
    }
    if (name === 'boundary') {
      if (boundary !== undefined) throw new MultipartError('invalid-boundary', 'The Content-Type names the boundary twice.');
      boundary = value;
    }
  }
  if (boundary === undefined || boundary === '') throw new MultipartError('missing-boundary', 'The multipart/mixed Content-Type has no boundary.');
  if (!BOUNDARY_CHARS.test(boundary) || boundary.endsWith(' ')) {
    throw new MultipartError('invalid-boundary', 'The boundary must be 1 to 70 characters of those RFC 2046 allows, not ending in a space.');
  }
  return boundary;
}

const CLOSE = -2;
const NOT_A_DELIMITER = -1;

/**
 * What follows "--boundary" at `at`: the close delimiter ("--"), or a delimiter line (optional
 * transport padding, then CRLF; the index after the CRLF is returned), or neither (then the match
 * is part of a body, e.g. "--boundaryX", and not a delimiter).
 */
function afterBoundary(body: Buffer, at: number): number {
  if (body[at] === DASH && body[at + 1] === DASH) return CLOSE;
  let cursor = at;
  while (body[cursor] === SPACE || body[cursor] === TAB) cursor++;
  return body[cursor] === CR && body[cursor + 1] === LF ? cursor + 2 : NOT_A_DELIMITER;
}

function parseHeaders(block: string): Record<string, string> {
  // A Map, then an object of own properties: a header named __proto__ stays a header.
  const headers = new Map<string, string>();
  let previous: string | undefined;
  for (const line of block.split('\r\n')) {
    if (line.includes('\r') || line.includes('\n')) throw new MultipartError('invalid-header-line', 'A part header has a bare CR or LF (lines end with CRLF).');
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // A folded line continues the header before it (RFC 5322 section 2.2.3).
      if (previous === undefined) throw new MultipartError('invalid-header-line', 'A part header block starts with a continuation line.');
      headers.set(previous, `${headers.get(previous)} ${line.trim()}`.trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) throw new MultipartError('header-without-colon', 'A part header line has no colon.');
    const name = line.slice(0, colon).toLowerCase();
    if (!TOKEN.test(name)) throw new MultipartError('invalid-header-line', 'A part header has an empty or invalid name.');
    // Two different hashes or content types for one part would be ambiguous.
    if (headers.has(name)) throw new MultipartError('duplicate-header', `A part has the header ${name} twice.`);
    headers.set(name, line.slice(colon + 1).trim());
    previous = name;
  }
  return Object.fromEntries(headers);
}

/** One body part between the end of its delimiter line (`start`) and the CRLF of the next delimiter (`end`). */
function parsePart(body: Buffer, start: number, end: number, maxHeaderBytes: number): MultipartPart {
  // A part with no headers starts with its blank line; a part that is empty has it in the next delimiter.
  if (start === end || (body[start] === CR && body[start + 1] === LF)) {
    return { headers: {}, body: body.subarray(Math.min(start + 2, end), end) };
  }
  // The search may run into the next delimiter's CRLF: "headers CRLF" then the delimiter is a part
  // without body (RFC 2046 makes the body optional). It stops at the header limit, so a part that
  // is all header-like bytes costs no more than the limit.
  const window = body.subarray(start, Math.min(end + 2, start + maxHeaderBytes + HEADER_END.length));
  const headerEnd = window.indexOf(HEADER_END);
  if (headerEnd < 0) {
    if (end - start > maxHeaderBytes) throw new MultipartError('part-header-too-large', `A part's headers are longer than ${maxHeaderBytes} bytes or have no blank line after them.`);
    throw new MultipartError('part-without-blank-line', 'A part has no blank line between its headers and its body.');
  }
  return {
    headers: parseHeaders(body.toString('latin1', start, start + headerEnd)),
    body: body.subarray(Math.min(start + headerEnd + HEADER_END.length, end), end),
  };
}

/**
 * The parts of a multipart/mixed body (RFC 2046 section 5.1.1): the preamble before the first
 * delimiter and the epilogue after the close delimiter are ignored; lines end with CRLF (the ADL
 * conformance suite sends nothing else, and a bare LF inside a binary attachment must stay data).
 */
export function parseMultipartMixed(body: Buffer, contentTypeHeader: string, limits: MultipartLimits): MultipartPart[] {
  const boundary = multipartBoundary(contentTypeHeader);
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');

  // The first delimiter may open the body without the CRLF that precedes every later one.
  let next = NOT_A_DELIMITER;
  let candidate = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : -1;
  if (candidate === 0) next = afterBoundary(body, dashBoundary.length);
  while (next === NOT_A_DELIMITER) {
    const found = body.indexOf(delimiter, candidate + 1);
    if (found < 0) throw new MultipartError('missing-opening-delimiter', 'The body has no line with the boundary of its Content-Type.');
    candidate = found;
    next = afterBoundary(body, found + delimiter.length);
  }
  if (next === CLOSE) throw new MultipartError('no-parts', 'The body closes before its first part.');

  const parts: MultipartPart[] = [];
  let partStart = next;
  for (;;) {
    let found = body.indexOf(delimiter, partStart);
    next = NOT_A_DELIMITER;
    while (found >= 0) {
      next = afterBoundary(body, found + delimiter.length);
      if (next !== NOT_A_DELIMITER) break;
      found = body.indexOf(delimiter, found + 1);
    }
    if (found < 0) throw new MultipartError('missing-close-delimiter', 'The body ends without the closing boundary line (it may be cut off).');
    if (parts.length === limits.maxParts) throw new MultipartError('too-many-parts', `The body has more than ${limits.maxParts} parts.`);
    parts.push(parsePart(body, partStart, found, limits.maxPartHeaderBytes));
    if (next === CLOSE) return parts;
    partStart = next;
  }
}

export type MultipartPartToBuild = { headers: Record<string, string>; body: Buffer | string };

function headerLine(name: string, value: string): string {
  if (!TOKEN.test(name)) throw new TypeError(`Invalid header name: ${JSON.stringify(name)}`);
  // A CR or LF in a value would start a header line of its own (header injection).
  if (/[\r\n]/.test(value)) throw new TypeError(`The value of ${name} has a line break.`);
  return `${name}: ${value}\r\n`;
}

/**
 * A multipart/mixed body (the GET statements answer with attachments). The boundary is random and
 * checked against every body; it is lower-case hex and dashes, so clients that split on it with a
 * regular expression (the ADL suite does) need no escaping.
 */
export function buildMultipartMixed(parts: MultipartPartToBuild[]): { contentType: string; body: Buffer } {
  if (parts.length === 0) throw new TypeError('A multipart body needs at least one part.');
  const bodies = parts.map((part) => (typeof part.body === 'string' ? Buffer.from(part.body, 'utf8') : part.body));
  let boundary: string;
  do boundary = `lectern-${randomBytes(16).toString('hex')}`;
  while (bodies.some((body) => body.includes(boundary, 0, 'latin1')));

  const chunks: Buffer[] = [];
  parts.forEach((part, index) => {
    const head = Object.entries(part.headers)
      .map(([name, value]) => headerLine(name, value))
      .join('');
    chunks.push(Buffer.from(`${index === 0 ? '' : '\r\n'}--${boundary}\r\n${head}\r\n`, 'latin1'), bodies[index]!);
  });
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
