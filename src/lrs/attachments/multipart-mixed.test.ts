import { describe, expect, it } from 'vitest';
import { buildMultipartMixed, MultipartError, multipartBoundary, parseMultipartMixed, type MultipartPartToBuild, type MultipartReason } from './multipart-mixed.js';

const limits = { maxParts: 100, maxPartHeaderBytes: 8192 };
const parse = (body: string | Buffer, contentType = 'multipart/mixed; boundary=b0', custom = limits) =>
  parseMultipartMixed(typeof body === 'string' ? Buffer.from(body, 'latin1') : body, contentType, custom);

function reasonOf(run: () => unknown): MultipartReason | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof MultipartError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('multipartBoundary', () => {
  it('reads the boundary quoted or not, whatever the case of names and the order of parameters', () => {
    expect(multipartBoundary('multipart/mixed; boundary=-------314159265358979323846')).toBe('-------314159265358979323846');
    expect(multipartBoundary(`Multipart/Mixed; charset=utf-8; BOUNDARY="abcABC0123'()+_,-./:=?"`)).toBe(`abcABC0123'()+_,-./:=?`);
    expect(multipartBoundary('multipart/mixed;boundary="with spaces in it"; x=y')).toBe('with spaces in it');
    expect(multipartBoundary('multipart/mixed; note="a;b=c"; boundary = plain ')).toBe('plain');
    expect(multipartBoundary('multipart/mixed; boundary="esc\\aped"')).toBe('escaped');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary="quote\\"inside"'))).toBe('invalid-boundary');
  });

  it('refuses other media types, a missing boundary and boundaries RFC 2046 does not allow', () => {
    expect(reasonOf(() => multipartBoundary('multipart/form-data; boundary=-------314159265358979323846'))).toBe('not-multipart-mixed');
    expect(reasonOf(() => multipartBoundary('application/json'))).toBe('not-multipart-mixed');
    expect(reasonOf(() => multipartBoundary('multipart/mixed;'))).toBe('missing-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary='))).toBe('missing-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary=""'))).toBe('missing-boundary');
    expect(reasonOf(() => multipartBoundary(`multipart/mixed; boundary=${'x'.repeat(71)}`))).toBe('invalid-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary="ends in space "'))).toBe('invalid-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary="line\r\nbreak"'))).toBe('invalid-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary=a*b'))).toBe('invalid-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary="unclosed'))).toBe('invalid-boundary');
    expect(reasonOf(() => multipartBoundary('multipart/mixed; boundary=a; boundary=b'))).toBe('invalid-boundary');
    expect(multipartBoundary(`multipart/mixed; boundary=${'x'.repeat(70)}`)).toHaveLength(70);
  });
});

describe('parseMultipartMixed', () => {
  it('reads the body the ADL suite sends with a signed statement (CRLF before the first delimiter, no space after colons, no CRLF at the end)', () => {
    const body = ['', '--b0', 'Content-Type:application/json', '', '{"a":1}', '--b0', 'Content-Type:application/octet-stream', 'Content-Transfer-Encoding:binary', 'X-Experience-API-Hash:abc', '', 'sig.na.ture', '--b0--'].join('\r\n');
    const parts = parse(body);
    expect(parts.map((part) => part.headers)).toEqual([
      { 'content-type': 'application/json' },
      { 'content-type': 'application/octet-stream', 'content-transfer-encoding': 'binary', 'x-experience-api-hash': 'abc' },
    ]);
    expect(parts.map((part) => part.body.toString())).toEqual(['{"a":1}', 'sig.na.ture']);
  });

  it('ignores the preamble and the epilogue', () => {
    const body = 'This is the preamble.\r\n--b0\r\nA: 1\r\n\r\nfirst\r\n--b0--\r\nThis is the epilogue.\r\n--b0\r\nB: 2\r\n\r\nnot a part\r\n';
    const parts = parse(body);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.body.toString()).toBe('first');
  });

  it('reads the specification example boundary, which has characters regular expressions treat specially', () => {
    const boundary = `abcABC0123'()+_,-./:=?`;
    const body = `--${boundary}\r\nContent-Type:text/plain\r\n\r\nhere is a simple attachment\r\n--${boundary}--`;
    expect(parse(body, `multipart/mixed; boundary="${boundary}"`)[0]!.body.toString()).toBe('here is a simple attachment');
  });

  it('reads a quoted boundary with spaces', () => {
    const body = '--my odd boundary\r\nA: 1\r\n\r\nx\r\n--my odd boundary--\r\n';
    expect(parse(body, 'multipart/mixed; boundary="my odd boundary"')[0]!.body.toString()).toBe('x');
  });

  it('keeps boundary look-alikes in a body: not at a line start, longer, or followed by other text', () => {
    const inside = 'a --b0 b\r\n--b0X\r\n--b0 trailing text\r\n---b0\r\n--b0-';
    const body = `--b0\r\nA: 1\r\n\r\n${inside}\r\n--b0--`;
    expect(parse(body)[0]!.body.toString('latin1')).toBe(inside);
  });

  it('keeps binary data byte for byte, bare CR, bare LF and NUL included', () => {
    const data = Buffer.from([0, 13, 10, 13, 13, 10, 10, 45, 45, 98, 48, 255, 254, 13]);
    const body = Buffer.concat([Buffer.from('--b0\r\nA: 1\r\n\r\n'), data, Buffer.from('\r\n--b0--')]);
    expect(parse(body)[0]!.body.equals(data)).toBe(true);
  });

  it('accepts transport padding after a boundary, an empty header block, folded headers and a part without body', () => {
    const body = '--b0 \t\r\n\r\nno headers\r\n--b0\r\nX-Long: one\r\n  two\r\n\r\n\r\n--b0\r\nOnly: headers\r\n\r\n--b0--';
    const parts = parse(body);
    expect(parts.map((part) => [part.headers, part.body.toString()])).toEqual([
      [{}, 'no headers'],
      [{ 'x-long': 'one two' }, ''],
      [{ only: 'headers' }, ''],
    ]);
  });

  it('keeps a header named like an object property as a header', () => {
    const headers = parse('--b0\r\n__proto__: x\r\nconstructor: y\r\n\r\nz\r\n--b0--')[0]!.headers;
    expect(Object.entries(headers)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('returns views into the body, not copies', () => {
    const body = Buffer.from('--b0\r\nA: 1\r\n\r\nview\r\n--b0--');
    expect(parse(body)[0]!.body.buffer).toBe(body.buffer);
  });

  it('refuses a body without a delimiter line, cut off, or closing before any part', () => {
    expect(reasonOf(() => parse('{"no":"parts"}'))).toBe('missing-opening-delimiter');
    expect(reasonOf(() => parse(''))).toBe('missing-opening-delimiter');
    expect(reasonOf(() => parse('--b0X\r\nA: 1\r\n\r\nx\r\n--b0X'))).toBe('missing-opening-delimiter');
    expect(reasonOf(() => parse('--b0X\r\nA: 1\r\n\r\nx\r\n--b0--'))).toBe('no-parts');
    expect(reasonOf(() => parse('--b0\r\nA: 1\r\n\r\ncut off her'))).toBe('missing-close-delimiter');
    expect(reasonOf(() => parse('--b0\r\nA: 1\r\n\r\nx\r\n--b0'))).toBe('missing-close-delimiter');
    expect(reasonOf(() => parse('--b0\r\nA: 1\r\n\r\nx\r\n--b0 '))).toBe('missing-close-delimiter');
    expect(reasonOf(() => parse('--b0\r\nA: 1\r\n\r\nx\r\n--b0\r\n'))).toBe('missing-close-delimiter');
    expect(reasonOf(() => parse('preamble\r\n--b0--\r\n'))).toBe('no-parts');
  });

  it('refuses bare LF line endings (the ADL suite sends CRLF only)', () => {
    expect(reasonOf(() => parse('--b0\nContent-Type: application/json\n\n{}\n--b0--\n'))).toBe('missing-opening-delimiter');
  });

  it('refuses malformed part headers', () => {
    expect(reasonOf(() => parse('--b0\r\nContent-Type: application/json\r\n{"a":1}\r\n--b0--'))).toBe('part-without-blank-line');
    expect(reasonOf(() => parse('--b0\r\nno colon here\r\n\r\nx\r\n--b0--'))).toBe('header-without-colon');
    expect(reasonOf(() => parse('--b0\r\n: empty name\r\n\r\nx\r\n--b0--'))).toBe('invalid-header-line');
    expect(reasonOf(() => parse('--b0\r\nBad Name: x\r\n\r\nx\r\n--b0--'))).toBe('invalid-header-line');
    expect(reasonOf(() => parse('--b0\r\n folded first: x\r\n\r\nx\r\n--b0--'))).toBe('invalid-header-line');
    expect(reasonOf(() => parse('--b0\r\nA: 1\nB: 2\r\n\r\nx\r\n--b0--'))).toBe('invalid-header-line');
    expect(reasonOf(() => parse('--b0\r\nA: 1\r\na: 2\r\n\r\nx\r\n--b0--'))).toBe('duplicate-header');
  });

  it('refuses part headers over the limit without reading the rest of the part', () => {
    const header = `X-Big: ${'v'.repeat(200)}`;
    const small = { maxParts: 10, maxPartHeaderBytes: 100 };
    expect(reasonOf(() => parse(`--b0\r\n${header}\r\n\r\nx\r\n--b0--`, undefined, small))).toBe('part-header-too-large');
    expect(reasonOf(() => parse(`--b0\r\n${'h'.repeat(5000)}\r\n--b0--`, undefined, small))).toBe('part-header-too-large');
    expect(parse(`--b0\r\n${header}\r\n\r\nx\r\n--b0--`, undefined, { maxParts: 10, maxPartHeaderBytes: header.length })).toHaveLength(1);
  });

  it('stops at the part limit of a body with a huge number of parts', () => {
    const body = Buffer.from(`--b0\r\n${'A: 1\r\n\r\nx\r\n--b0\r\n'.repeat(200_000)}A: 1\r\n\r\nx\r\n--b0--`);
    const started = performance.now();
    const reason = reasonOf(() => parse(body, undefined, { maxParts: 1000, maxPartHeaderBytes: 1024 }));
    expect(reason).toBe('too-many-parts');
    expect(performance.now() - started).toBeLessThan(250);
    expect(new MultipartError('too-many-parts', '').status).toBe(413);
    expect(new MultipartError('no-parts', '').status).toBe(400);
    expect(parse(body, undefined, { maxParts: 200_001, maxPartHeaderBytes: 1024 })).toHaveLength(200_001);
  });

  it('parses a 5 MB body with 3 parts fast, and stays linear on bodies full of near-delimiters', () => {
    const attachment = Buffer.alloc(5 * 1024 * 1024);
    for (let index = 0; index < attachment.length; index++) attachment[index] = (index * 7919) % 251;
    const { contentType, body } = buildMultipartMixed([
      { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ statement: 1 }) },
      { headers: { 'Content-Type': 'application/octet-stream' }, body: attachment },
      { headers: { 'Content-Type': 'text/plain' }, body: 'small' },
    ]);
    const runs = 20;
    let parts = parseMultipartMixed(body, contentType, limits);
    const started = performance.now();
    for (let run = 0; run < runs; run++) parts = parseMultipartMixed(body, contentType, limits);
    const perParse = (performance.now() - started) / runs;
    expect(parts[1]!.body.equals(attachment)).toBe(true);
    console.log(`parse of a ${(body.length / 1024 / 1024).toFixed(1)} MB body with 3 parts: ${perParse.toFixed(2)} ms`);
    expect(perParse).toBeLessThan(100);

    // Every line of this body starts like the delimiter and is not one.
    const nearMisses = Buffer.from(`--b0\r\nA: 1\r\n\r\n${'\r\n--b0X'.repeat(800_000)}\r\n--b0--`);
    const nearStarted = performance.now();
    expect(parse(nearMisses)).toHaveLength(1);
    console.log(`parse of a ${(nearMisses.length / 1024 / 1024).toFixed(1)} MB body of near-delimiters: ${(performance.now() - nearStarted).toFixed(2)} ms`);
  });
});

describe('buildMultipartMixed', () => {
  it('builds a body that parses back to the same parts', () => {
    const binary = Buffer.from([0, 1, 2, 13, 10, 45, 45, 13, 10, 255]);
    const parts: MultipartPartToBuild[] = [
      { headers: { 'Content-Type': 'application/json' }, body: '{"statements":[],"more":""}' },
      { headers: { 'Content-Type': 'image/png', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': 'ab' }, body: binary },
      { headers: {}, body: '' },
    ];
    const { contentType, body } = buildMultipartMixed(parts);
    expect(contentType).toMatch(/^multipart\/mixed; boundary=lectern-[0-9a-f]{32}$/);
    const parsed = parseMultipartMixed(body, contentType, limits);
    expect(parsed.map((part) => part.headers)).toEqual([
      { 'content-type': 'application/json' },
      { 'content-type': 'image/png', 'content-transfer-encoding': 'binary', 'x-experience-api-hash': 'ab' },
      {},
    ]);
    expect(parsed[0]!.body.toString()).toBe(parts[0]!.body);
    expect(parsed[1]!.body.equals(binary)).toBe(true);
    expect(parsed[2]!.body).toHaveLength(0);
  });

  it('uses CRLF and a boundary that occurs in no body', () => {
    const { contentType, body } = buildMultipartMixed([{ headers: { 'Content-Type': 'text/plain' }, body: 'x' }]);
    const boundary = contentType.slice(contentType.indexOf('=') + 1);
    expect(body.toString()).toBe(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`);
  });

  it('refuses header names and values that would break the header block, and an empty list', () => {
    expect(() => buildMultipartMixed([{ headers: { 'X-Bad': 'a\r\nInjected: yes' }, body: '' }])).toThrow(TypeError);
    expect(() => buildMultipartMixed([{ headers: { 'Bad Name': 'a' }, body: '' }])).toThrow(TypeError);
    expect(() => buildMultipartMixed([])).toThrow(TypeError);
  });
});
