import { describe, expect, it } from 'vitest';
import { chooseLanguage, languagesFromAcceptLanguage } from './accept-language.js';

describe('languagesFromAcceptLanguage', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['', []],
    ['en-GB', ['en-GB']],
    ['en-US,en;q=0.8', ['en-US', 'en']],
    ['da, en-gb;q=0.8, en;q=0.7', ['da', 'en-gb', 'en']],
    ['en;q=0.7, de;q=0.9, fr', ['fr', 'de', 'en']],
    ['de;q=0.5, en;q=0.5, fr;q=0.5', ['de', 'en', 'fr']], // ties keep their order
    ['de, en;q=0, fr;q=0.000', ['de']], // q=0: not acceptable
    ['*;q=0.1, de', ['de', '*']],
    ['de;Q=0.5, en;q=1.000', ['en', 'de']],
    ['en;q=2, de;q=0.5', ['de']], // a q-value above 1 is malformed
    ['en;q=0.1234, de', ['de']],
    ['en;level=1, de', ['de']],
    ['12, en_US, de-, de', ['de']],
    [' , ,de ,', ['de']],
    ['zh-Hant-TW;q=0.9,sr-Latn', ['sr-Latn', 'zh-Hant-TW']],
  ])('%j → %j', (header, languages) => expect(languagesFromAcceptLanguage(header)).toEqual(languages));

  it('reads a huge header in linear time', () => {
    const header = Array.from({ length: 50_000 }, (_, index) => `l${String.fromCharCode(97 + (index % 26))}-x${index % 1000};q=0.${index % 10}`).join(',');
    const started = performance.now();
    expect(languagesFromAcceptLanguage(header)).toHaveLength(45_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('chooseLanguage', () => {
  const tags = ['en', 'en-GB', 'en-US', 'de-DE', 'zh-Hant-TW'];
  it.each<[readonly string[], string[], string | undefined]>([
    [tags, ['en-GB'], 'en-GB'],
    [tags, ['EN-gb'], 'en-GB'], // tags are compared without case
    [tags, ['de'], 'de-DE'], // a range names the tags it is a prefix of
    [tags, ['de-AT'], 'de-DE'], // then the range shortened
    [tags, ['zh-Hant-HK'], 'zh-Hant-TW'],
    [tags, ['fr', 'de-DE'], 'de-DE'], // the first range that matches
    [tags, ['fr'], 'en'], // none matches: the first tag
    [tags, [], 'en'],
    [tags, ['*'], 'en'],
    [['en-US', 'en'], ['en-GB'], 'en'], // shortened to en, which exists
    [['en-US', 'fr'], ['en-GB', 'fr'], 'en-US'], // any English before French
    [[], ['en'], undefined],
  ])('%j for %j → %s', (available, languages, chosen) => expect(chooseLanguage(available, languages)).toBe(chosen));
});
