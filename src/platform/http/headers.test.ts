import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';

describe(`security headers, request ids, pages (${engine})`, () => {
  let ctx: TestContext;
  let host: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    host = (await createTenantWithUser(ctx.db, 'acme')).host;
  });
  afterAll(() => ctx.close());

  it('every answer carries a strict CSP and the other security headers', async () => {
    for (const url of ['/healthz', '/api/tenant', '/api/nothing']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { host } });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['x-permitted-cross-domain-policies']).toBe('none');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
    }
  });

  it('the pages of e-mailed links pass no address on as Referer, even of links with ?token=', async () => {
    for (const url of ['/reset-password?token=abc', '/accept-invitation?token=abc', '/confirm-email?token=abc', '/reset-password']) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { host, accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
    const other = await ctx.app.inject({ method: 'GET', url: '/sign-in', headers: { host, accept: 'text/html' } });
    expect(other.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('API answers are not kept by caches unless a route says so', async () => {
    for (const url of ['/api/tenant', '/api/nothing', '/api/auth/session']) {
      expect((await ctx.app.inject({ method: 'GET', url, headers: { host } })).headers['cache-control'], url).toBe('no-store');
    }
  });

  it('the request id of an error answer matches its header', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/nothing', headers: { host } });
    expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
  });

  it('serves the app page with a fresh style nonce that the CSP names', async () => {
    const first = await ctx.app.inject({ method: 'GET', url: '/sign-in', headers: { host, accept: 'text/html' } });
    const second = await ctx.app.inject({ method: 'GET', url: '/courses/42', headers: { host, accept: 'text/html' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/text\/html/);
    const nonce = /content="([^"]+)"/.exec(first.body)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(first.headers['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(first.body).not.toContain('__CSP_NONCE__');
    expect(second.body).not.toContain(nonce!);
  });

  it('an unknown host gets a clear HTML page in a browser, not a default site', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/', headers: { host: 'stranger.example', accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('No Lectern site is set up at this address.');
    // Before the app runs, the language a user chose in Lectern is unknown: the page says it in German too.
    expect(res.body).toContain('<section lang="de"><h2>Fehler 404</h2><p>Unter dieser Adresse ist keine Lectern-Site eingerichtet.</p></section>');
    expect(res.body).not.toContain('csp-nonce');
  });

  it('the unknown-host page speaks German to a German browser', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/',
      headers: { host: 'stranger.example', accept: 'text/html', 'accept-language': 'de' },
    });
    expect(res.body).toContain('Unter dieser Adresse ist keine Lectern-Site eingerichtet.');
    expect(res.body).toContain('<html lang="de">');
  });
});
