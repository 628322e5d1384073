import { describe, expect, it } from 'vitest';
import { normaliseBase, resolveHref, withParameters } from './manifest-href.js';

describe('resolveHref: launch addresses under the xml:base chain', () => {
  it('joins manifest, resources and resource bases before the href, keeping query and fragment', () => {
    expect(resolveHref(['course/', 'content/', 'sco1/'], 'index.html?lang=de#top')).toEqual({
      kind: 'inside',
      href: 'course/content/sco1/index.html?lang=de#top',
      path: 'course/content/sco1/index.html',
      query: 'lang=de',
      fragment: 'top',
    });
  });

  it('takes a base without a trailing slash as a folder', () => {
    expect(normaliseBase('content')).toBe('content/');
    expect(resolveHref(['content'], 'a.html')).toMatchObject({ kind: 'inside', path: 'content/a.html' });
  });

  it('resolves "." and ".." that stay inside the package', () => {
    expect(resolveHref(['course/'], './lessons/../start.html')).toMatchObject({ kind: 'inside', href: 'course/start.html' });
    expect(resolveHref(['course/'], '../index.html')).toMatchObject({ kind: 'inside', href: 'index.html' });
  });

  it('keeps the manifest’s percent-encoding in the href and decodes the file path', () => {
    expect(resolveHref([], 'Lektion%201/%C3%9Cbung.html')).toMatchObject({ href: 'Lektion%201/%C3%9Cbung.html', path: 'Lektion 1/Übung.html' });
  });

  it.each([
    ['../../outside.html', []],
    ['../x.html', []],
    ['a/../../x.html', []],
    ['%2e%2e/x.html', []],
    ['..\\x.html', []],
    ['a%2f..%2f..%2fx.html', []],
    ['/etc/passwd', []],
    ['\\windows\\win.ini', []],
    ['C:\\course\\index.html', []],
    ['file:///etc/passwd', []],
    ['javascript:alert(1)', []],
    ['data:text/html,<script>alert(1)</script>', []],
    ['index.html', ['../']],
    ['index.html', ['a/', '../../']],
  ])('refuses %s (bases %j) as outside the package', (href, bases) => {
    expect(resolveHref(bases, href).kind).toBe('outside');
  });

  it('recognises web addresses, also protocol-relative ones and web bases', () => {
    expect(resolveHref([], 'https://cdn.example.com/video.mp4')).toEqual({ kind: 'external', href: 'https://cdn.example.com/video.mp4' });
    expect(resolveHref([], '//cdn.example.com/x.js')).toEqual({ kind: 'external', href: 'https://cdn.example.com/x.js' });
    expect(resolveHref(['http://cdn.example.com/course'], 'a.html')).toEqual({ kind: 'external', href: 'http://cdn.example.com/course/a.html' });
  });
});

describe('withParameters: an item’s parameters on its launch href (SCORM CAM)', () => {
  it.each([
    ['index.html', '?a=1', 'index.html?a=1'],
    ['index.html?lang=de', '?a=1', 'index.html?lang=de&a=1'],
    ['index.html?lang=de', 'a=1&b=2', 'index.html?lang=de&a=1&b=2'],
    ['index.html', '&a=1', 'index.html?a=1'],
    ['index.html?', '?a=1', 'index.html?a=1'],
    ['index.html#page2', '?a=1', 'index.html?a=1#page2'],
    ['index.html?x=1#page2', 'a=1', 'index.html?x=1&a=1#page2'],
    ['index.html', '#chapter2', 'index.html#chapter2'],
    ['index.html', '?a=1#chapter2', 'index.html?a=1#chapter2'],
    ['index.html', '', 'index.html'],
  ])('%s with parameters %j launches %s', (href, parameters, expected) => {
    expect(withParameters(href, parameters)).toEqual({ href: expected, fragmentIgnored: false });
  });

  it('keeps the href’s own fragment and says that the parameters’ fragment was ignored', () => {
    expect(withParameters('index.html#intro', '#chapter2')).toEqual({ href: 'index.html#intro', fragmentIgnored: true });
  });

  it('leaves the href alone without parameters', () => {
    expect(withParameters('a.html?x=1', null)).toEqual({ href: 'a.html?x=1', fragmentIgnored: false });
  });
});
