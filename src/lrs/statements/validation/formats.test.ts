import { describe, expect, it } from 'vitest';
import { isDuration, isIri, isLanguageTag, isMailtoIri, isMediaType, isSha1Hex, isSha2Hex, isUri, isUuid, parseTimestamp } from './formats.js';

describe('isIri', () => {
  it.each([
    'http://example.com',
    'http://www.example.com/meetings/occurances/34534',
    'http://example.com/path/../x', // dot segments are syntax, not errors (the 2.0 suite sends one)
    'https://user:pw@example.com:8080/a/b;c?d=e&f#g',
    'urn:uuid:0f1b7bbb-1e4b-4b1a-8a3b-2c0b8b8e2b9e',
    'mailto:someone@example.com',
    'tag:example.com,2024:thing',
    'http://www.example.com/unicode/出席した',
    'http://例え.テスト/パス',
    'http://[::1]:80/x',
    'http://127.0.0.1/',
    'http://example.com/%20space',
    'http://example.com/?q=a/b?c#frag/x?y',
    'a:', // a scheme and an empty path is an absolute IRI
  ])('accepts %s', (value) => expect(isIri(value)).toBe(true));

  it.each([
    '',
    'should fail',
    'not.a.valid.iri.com/verb', // no scheme (suite, XAPI-00011)
    'example.com',
    '/relative/path',
    '//example.com/x',
    '1http://example.com',
    'http://exa mple.com',
    'http://example.com/\u0000',
    'http://example.com/<x>',
    'http://example.com/%zz',
    'http://example.com/%2',
    'http://example.com/#a#b',
    'http://example.com/{x}',
  ])('refuses %j', (value) => expect(isIri(value)).toBe(false));

  it.each([
    ['a run of path characters, then a space', (n: number) => `http://example.com/${'a'.repeat(n)} `],
    ['a long scheme-relative run, then a control character', (n: number) => `a:${'a'.repeat(n)}\u0000`],
    ['a long query and fragment, then a second #', (n: number) => `http://x/?${'a'.repeat(n)}#${'b'.repeat(n)}#`],
    ['user information without its @', (n: number) => `http://${'a:'.repeat(n)} `],
    ['escapes, the last one cut short', (n: number) => `http://x/${'%41'.repeat(n)}%4`],
  ])('refuses %s in time linear in its length', (_case, make) => {
    // validate-iri's strict mode takes seconds for the first of these at n = 20.
    const started = performance.now();
    expect(isIri(make(100_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('identifier formats', () => {
  it('isUri is an IRI in ASCII (openid)', () => {
    expect(isUri('http://openid.example.org/12345')).toBe(true);
    expect(isUri('http://openid.example.org/出席')).toBe(false);
    expect(isUri('open.id.com/testUser')).toBe(false);
  });

  it.each([
    ['mailto:xapi@adlnet.gov', true],
    ['mailto:first.last+tag@sub.example.co.uk', true],
    ['mailto:xapi@adlnet', true],
    ['xapi@adlnet.gov', false],
    ['mailto:', false],
    ['mailto:xapi', false],
    ['mailto:@adlnet.gov', false],
    ['mailto:a@b@c', false],
    ['mailto:a@b.c?subject=hi', false],
    ['mailto:a@b.c,d@e.f', false],
    ['MAILTO:xapi@adlnet.gov', false],
    ['mailto:xapi @adlnet.gov', false],
  ])('isMailtoIri(%j) is %s', (value, expected) => expect(isMailtoIri(value)).toBe(expected));

  it.each([
    ['cd9b00a5611f94eaa7b1661edab976068e364975', true],
    ['CD9B00A5611F94EAA7B1661EDAB976068E364975', true],
    ['cd9b00a5611f94eaa7b1661edab976068e36497', false],
    ['cd9b00a5611f94eaa7b1661edab976068e364975a', false],
    ['zd9b00a5611f94eaa7b1661edab976068e364975', false],
  ])('isSha1Hex(%j) is %s', (value, expected) => expect(isSha1Hex(value)).toBe(expected));

  it.each([
    ['a'.repeat(56), true],
    ['495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a', true],
    ['A'.repeat(96), true],
    ['0'.repeat(128), true],
    ['', false],
    ['a'.repeat(63), false],
    ['a'.repeat(40), false],
    ['g'.repeat(64), false],
  ])('isSha2Hex(%j) is %s', (value, expected) => expect(isSha2Hex(value)).toBe(expected));

  it.each([
    ['fd41c918-b88b-4b20-a0a5-a4c32391aaa0', true],
    ['AA97B177-9383-4934-8543-0F91A7A02836', true], // upper case: RFC 4122 reads either
    ['00000000-0000-0000-0000-000000000000', true], // any version and variant
    ['AA97B177-9383-4934-8543-0F91A7A028368', false], // too many digits (suite)
    ['MA97B177-9383-4934-8543-0F91A7A02836', false], // not hex (suite)
    ['aa97b17793834934854 30f91a7a02836', false],
    ['aa97b1779383493485430f91a7a02836', false],
    ['{aa97b177-9383-4934-8543-0f91a7a02836}', false],
    ['', false],
  ])('isUuid(%j) is %s', (value, expected) => expect(isUuid(value)).toBe(expected));
});

describe('isLanguageTag', () => {
  it.each(['en', 'en-US', 'de', 'de-DE', 'zh-Hant', 'sr-Latn-RS', 'zh-Hans-CN', 'cmn', 'ase', 'es-419', 'de-DE-1996', 'en-US-x-twain', 'x-private', 'i-klingon', 'en-GB-oed', 'EN-us'])(
    'accepts %s',
    (tag) => expect(isLanguageTag(tag)).toBe(true),
  );

  it.each([
    '',
    'a12345', // (suite)
    'a12345678',
    'something', // a language subtag of nine letters (suite)
    'en_US',
    'en-',
    '-en',
    'en--US',
    '12',
    'en-abcdefghi',
    'zh-z-aaa-z-bbb-c-ccc', // one singleton twice (suite)
    'de-DE-1996-1996', // one variant twice
    '__proto__',
  ])('refuses %j', (tag) => expect(isLanguageTag(tag)).toBe(false));
});

describe('isMediaType', () => {
  it.each(['text/plain', 'text/plain; charset=ascii', 'text/plain;charset="a b"', 'image/svg+xml', 'application/octet-stream', 'multipart/mixed; boundary=abc'])(
    'accepts %s',
    (value) => expect(isMediaType(value)).toBe(true),
  );
  it.each(['', 'text', 'text/', '/plain', 'text/plain;', 'text/plain; charset', 'text plain'])('refuses %j', (value) => expect(isMediaType(value)).toBe(false));
});

describe('parseTimestamp', () => {
  // [value, what 1.0 reads, what 2.0 reads]
  it.each<[string, string | undefined, string | undefined]>([
    ['2008-09-15T15:53:00.601Z', '2008-09-15T15:53:00.601Z', '2008-09-15T15:53:00.601Z'],
    ['2008-09-15T15:53:00.601+00:00', '2008-09-15T15:53:00.601Z', '2008-09-15T15:53:00.601Z'], // 2.0 suite: valid RFC 3339
    ['2023-05-04T12:00:00-05:00', '2023-05-04T17:00:00.000Z', '2023-05-04T17:00:00.000Z'],
    ['2008-09-15t15:53:00z', '2008-09-15T15:53:00.000Z', '2008-09-15T15:53:00.000Z'], // RFC 3339 allows lower case
    ['2008-09-15T15:53:00.1234567+01:00', '2008-09-15T14:53:00.123Z', '2008-09-15T14:53:00.123Z'], // truncated, not rounded
    ['2008-09-15T15:53:00.999999Z', '2008-09-15T15:53:00.999Z', '2008-09-15T15:53:00.999Z'],
    ['2031-12-04T11:39:11.185Z', '2031-12-04T11:39:11.185Z', '2031-12-04T11:39:11.185Z'], // the future is fine (suite)
    ['0005-01-01T00:00:00Z', '0005-01-01T00:00:00.000Z', '0005-01-01T00:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z', '2017-01-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z', '2024-02-29T00:00:00.000Z'],
    // ISO 8601 forms outside RFC 3339: 1.0.x only
    ['2008-09-15T15:53:00', '2008-09-15T15:53:00.000Z', undefined],
    ['20080915T155300Z', '2008-09-15T15:53:00.000Z', undefined],
    ['20080915T155300.5+0130', '2008-09-15T14:23:00.500Z', undefined],
    ['2008-09-15T15:53Z', '2008-09-15T15:53:00.000Z', undefined],
    ['2008-09-15T15:53:00,5Z', '2008-09-15T15:53:00.500Z', undefined],
    ['2008-09-15T15:53:00+01', '2008-09-15T14:53:00.000Z', undefined],
    ['2008-09-15T15:53:00+0100', '2008-09-15T14:53:00.000Z', undefined],
    // refused by both lines
    ['2008-09-15T15:53:00.601-00', undefined, undefined], // suite
    ['2008-09-15T15:53:00.601-0000', undefined, undefined], // suite
    ['2008-09-15T15:53:00.601-00:00', undefined, undefined], // suite
    ['should fail', undefined, undefined],
    ['01/011/2015', undefined, undefined],
    ['2008-09-15', undefined, undefined],
    ['2008-09-15 15:53:00Z', undefined, undefined],
    ['2023-02-29T00:00:00Z', undefined, undefined],
    ['2008-13-01T00:00:00Z', undefined, undefined],
    ['2008-09-31T00:00:00Z', undefined, undefined],
    ['2008-09-15T24:00:00Z', undefined, undefined],
    ['2008-09-15T15:60:00Z', undefined, undefined],
    ['2008-09-15T15:53:61Z', undefined, undefined],
    ['2008-09-15T15:53:00+24:00', undefined, undefined],
    ['2008-09-15T15:53:00.Z', undefined, undefined],
    [' 2008-09-15T15:53:00Z', undefined, undefined],
    ['2008-09-15T15:53:00Z ', undefined, undefined],
    ['+002008-09-15T15:53:00Z', undefined, undefined],
  ])('%s', (value, in10, in20) => {
    expect(parseTimestamp(value, '1.0')?.toISOString()).toBe(in10);
    expect(parseTimestamp(value, '2.0')?.toISOString()).toBe(in20);
  });

  it('takes a long fraction in linear time', () => {
    const started = performance.now();
    expect(parseTimestamp(`2008-09-15T15:53:00.${'1'.repeat(100_000)}Z`, '2.0')?.toISOString()).toBe('2008-09-15T15:53:00.111Z');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('isDuration', () => {
  it.each(['PT1H0M0.1S', 'PT4H35M59.14S', 'PT16559.14S', 'P3Y1M29DT4H35M59.14S', 'P3Y', 'P4W', 'P1D', 'PT0,5S', 'P1DT12H36M0.12567S', 'P1.5W', 'P0D', 'PT36H'])(
    'accepts %s',
    (value) => expect(isDuration(value)).toBe(true),
  );
  it.each([
    '',
    'should fail',
    'PA1H0M0S', // (suite)
    'P4W1D', // weeks stand alone (suite)
    'P',
    'PT',
    'P1DT',
    'PT1.5H30M', // only the last part may have a fraction
    'P0003-01-29T04:35:59', // the alternative format of ISO 8601 §4.4.3.3
    '-PT1S',
    'pt1s',
    'PT1S ',
    'P1M1Y',
    'PT1.S',
  ])('refuses %j', (value) => expect(isDuration(value)).toBe(false));
});
