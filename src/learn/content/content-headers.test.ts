import { describe, expect, it } from 'vitest';
import { contentHeaders, contentSecurityPolicy, launchFrameSecurityPolicy } from './content-headers.js';

const APP = 'https://learn.example.com';

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

/** What a source list lets a page reach besides its own origin and in-page data. */
function otherOrigins(sources: readonly string[]): string[] {
  return sources.filter((source) => !["'self'", "'none'", 'data:', 'blob:', "'unsafe-inline'", "'unsafe-eval'"].includes(source));
}

// Every directive that governs a request a page can make; the rest fall back to default-src.
const REQUESTS = ['default-src', 'script-src', 'style-src', 'img-src', 'media-src', 'font-src', 'connect-src', 'worker-src', 'frame-src', 'object-src', 'form-action', 'base-uri'];

describe('what course content may reach', () => {
  it('reaches no other origin, the app included, for any kind of request', () => {
    const policy = directives(contentSecurityPolicy(APP));
    for (const name of REQUESTS) {
      expect(policy.has(name), name).toBe(true);
      expect(otherOrigins(policy.get(name)!), name).toEqual([]);
    }
    // Only framing names the app: the player page may show the content, nothing else may.
    expect(policy.get('frame-ancestors')).toEqual(["'self'", APP]);
  });

  it('reaches exactly the origins an administrator allowed, never the app or the content host through a setting', () => {
    const policy = directives(contentSecurityPolicy(APP, ['https://cdn.example.net', APP, 'https://demo.content.example.com', 'http://old.example.org', 'https://*.example.org'], 'demo.content.example.com'));
    for (const name of ['script-src', 'style-src', 'img-src', 'media-src', 'font-src', 'connect-src', 'frame-src']) {
      expect(otherOrigins(policy.get(name)!), name).toEqual(['https://cdn.example.net']);
    }
    for (const name of ['default-src', 'worker-src', 'object-src', 'form-action', 'base-uri']) expect(otherOrigins(policy.get(name)!), name).toEqual([]);
  });

  it('sends no referrer from the content origin, and the launch frame reaches nothing but its own origin', () => {
    expect(contentHeaders(APP)['referrer-policy']).toBe('no-referrer');
    const launch = directives(launchFrameSecurityPolicy(APP));
    expect(launch.get('default-src')).toEqual(["'none'"]);
    for (const [name, sources] of launch) if (name !== 'frame-ancestors') expect(otherOrigins(sources), name).toEqual([]);
  });
});
