import { describe, expect, it } from 'vitest';
import { describeUserAgent, formatDateTime } from './format';

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(
      describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toEqual({ browser: 'Firefox', system: 'Windows' });
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'),
    ).toEqual({ browser: 'Chrome', system: 'Linux' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toEqual({ browser: 'Safari', system: 'macOS' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      ),
    ).toEqual({ browser: 'Edge', system: 'Windows' });
    expect(
      describeUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'),
    ).toEqual({ browser: 'Chrome', system: 'Android' });
  });

  it('recognises headless Chrome', () => {
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36'),
    ).toEqual({ browser: 'Chrome', system: 'Linux' });
  });

  it('gives up on what it does not know', () => {
    expect(describeUserAgent(null)).toBeUndefined();
    expect(describeUserAgent('')).toBeUndefined();
    expect(describeUserAgent('SomeBot/1.0')).toBeUndefined();
  });
});

describe('formatDateTime', () => {
  it('formats in the UI language and passes through what is not a date', () => {
    expect(formatDateTime('2025-03-03T14:05:00Z', 'de')).toMatch(/03\.03\.2025/);
    expect(formatDateTime('2025-03-03T14:05:00Z', 'en')).toMatch(/2025/);
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
