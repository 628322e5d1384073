import { describe, expect, it } from 'vitest';
import { contentOriginProblem, normaliseContentOrigin } from './content-origins.js';
import { contentSettings } from './content.settings.js';

describe('allowed content origins', () => {
  it.each([
    ['https://cdn.example.com', undefined],
    ['https://cdn.example.com/', undefined],
    ['https://CDN.Example.com:8443', undefined],
    ['https://127.0.0.1:9443', undefined],
    ['http://cdn.example.com', 'LEARN_CONTENT_ORIGIN_NOT_HTTPS'],
    ['ftp://cdn.example.com', 'LEARN_CONTENT_ORIGIN_NOT_HTTPS'],
    ['javascript:alert(1)', 'LEARN_CONTENT_ORIGIN_NOT_HTTPS'],
    ['https://cdn.example.com/lib/', 'LEARN_CONTENT_ORIGIN_HAS_PATH'],
    ['https://cdn.example.com?v=1', 'LEARN_CONTENT_ORIGIN_HAS_PATH'],
    ['https://cdn.example.com#top', 'LEARN_CONTENT_ORIGIN_HAS_PATH'],
    ['https://*.example.com', 'LEARN_CONTENT_ORIGIN_WILDCARD'],
    ['*', 'LEARN_CONTENT_ORIGIN_WILDCARD'],
    ['https://cdn.example.com:*', 'LEARN_CONTENT_ORIGIN_WILDCARD'],
    ['cdn.example.com', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://user:secret@cdn.example.com', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://cdn.example.com@evil.example', 'LEARN_CONTENT_ORIGIN_INVALID'],
    [' https://cdn.example.com', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://cdn example.com', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ["https://cdn.example.com'; script-src *", 'LEARN_CONTENT_ORIGIN_WILDCARD'],
    ["https://cdn.example.com;script-src", 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://cdn.exa\tmple.com', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://cdn.example.com\u0001', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://cdn.example.com,evil.example', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://bücher.example', undefined],
  ])('%j: %s', (entry, code) => {
    expect(contentOriginProblem(entry)).toBe(code);
  });

  it('stores each origin once, lower-case, without a trailing slash', () => {
    expect(normaliseContentOrigin('https://CDN.Example.com:8443/')).toBe('https://cdn.example.com:8443');
    expect(normaliseContentOrigin('https://cdn.example.com:443')).toBe('https://cdn.example.com');
    expect(normaliseContentOrigin('https://bücher.example')).toBe('https://xn--bcher-kva.example');
    const parsed = contentSettings.schema.parse({ allowedOrigins: ['https://CDN.example.com', 'https://cdn.example.com/', 'https://fonts.example.net'] });
    expect(parsed.allowedOrigins).toEqual(['https://cdn.example.com', 'https://fonts.example.net']);
  });

  it('names each refused entry with its code, and refuses more than 20 as a whole', () => {
    const refused = contentSettings.schema.safeParse({ allowedOrigins: ['https://ok.example', 'http://a.example', 'https://*.b.example'] });
    expect(refused.success).toBe(false);
    const issues = refused.error!.issues.map((issue) => ({ path: issue.path.join('.'), code: (issue as { params?: { code?: string } }).params?.code }));
    expect(issues).toEqual([
      { path: 'allowedOrigins.1', code: 'LEARN_CONTENT_ORIGIN_NOT_HTTPS' },
      { path: 'allowedOrigins.2', code: 'LEARN_CONTENT_ORIGIN_WILDCARD' },
    ]);
    const many = contentSettings.schema.safeParse({ allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://cdn${i}.example.com`) });
    expect(many.error!.issues.map((issue) => (issue as { params?: { code?: string } }).params?.code)).toEqual(['LEARN_CONTENT_ORIGINS_TOO_MANY']);
    expect(contentSettings.schema.safeParse({ allowedOrigins: Array.from({ length: 20 }, (_, i) => `https://cdn${i}.example.com`) }).success).toBe(true);
  });
});
