import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, signInCookie } from '../../../test/app.js';
import { contentOriginOf } from '../../../test/content-origin.js';
import { engine } from '../../../test/db.js';
import { scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { createLearnTestSite, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';

const CDN_PAGE = `<html><head><script src="https://cdn.example.com/lib.js"></script><script src="http://old.example.org/x.js"></script></head><body>CDN</body></html>`;

describe(`other origins for course content (${engine})`, () => {
  let site: LearnTestSite;
  let other: { host: string; cookie: string };

  const settings = (method: 'GET' | 'PATCH', payload?: object, host = site.host, cookie = site.cookies.admin, language = 'en') =>
    site.ctx.app.inject({ method, url: '/api/admin/settings', headers: { host, cookie, 'accept-language': language }, ...(payload ? { payload } : {}) });

  async function importCdnCourse(host = site.host, cookie = site.cookies.admin) {
    const zipPath = path.join(site.filesDir, '..', `cdn-${Date.now()}-${Math.random()}.zip`);
    await buildZip(zipPath, [...scormPackageEntries('1.2', 'CDN course', [{ id: 'SCO-1', title: 'Lesson' }]), { name: 'SCO-1/cdn.html', data: CDN_PAGE }]);
    const res = await uploadZip({ ...site, host }, zipPath, { auth: { cookie } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { version: { id: string }; warnings: { code: string; detail?: string; message: { en: string; de: string } }[] };
  }

  async function previewPage(versionId: string, host = site.host, cookie = site.cookies.admin) {
    const res = await site.ctx.app.inject({ method: 'POST', url: `/api/learn/versions/${versionId}/preview`, headers: { host, cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return contentOriginOf(site.ctx.app, res.json().launchUrl);
  }

  beforeAll(async () => {
    site = await createLearnTestSite('origins');
    const beta = await createTenantWithUser(site.ctx.db, 'origins-beta');
    other = { host: beta.host, cookie: await signInCookie(site.ctx.app, beta.host, beta.email, beta.password) };
  });
  afterAll(async () => {
    await site.close();
  });

  it.each([
    ['http://cdn.example.com', 'LEARN_CONTENT_ORIGIN_NOT_HTTPS'],
    ['https://cdn.example.com/lib', 'LEARN_CONTENT_ORIGIN_HAS_PATH'],
    ['https://*.example.com', 'LEARN_CONTENT_ORIGIN_WILDCARD'],
    ['https://user:pw@cdn.example.com', 'LEARN_CONTENT_ORIGIN_INVALID'],
    ['https://origins.test', 'LEARN_CONTENT_ORIGIN_OWN'],
    ['https://ORIGINS.test:3001/', 'LEARN_CONTENT_ORIGIN_OWN'],
  ])('refuses %s with %s, naming the entry, and stores nothing', async (entry, code) => {
    const res = await settings('PATCH', { content: { allowedOrigins: ['https://fine.example.com', entry] } });
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe(code);
    expect(error.fields).toEqual([expect.objectContaining({ field: 'content.allowedOrigins.1', message: expect.stringMatching(/^Allowed content origins \(entry 2\): /) })]);
    expect((await settings('GET')).json().content).toEqual({ allowedOrigins: [] });
  });

  it('refuses more than 20 and words refusals in German; several problems name each with its code', async () => {
    const many = await settings('PATCH', { content: { allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://cdn${i}.example.com`) } }, site.host, site.cookies.admin, 'de');
    expect(many.json().error).toMatchObject({ code: 'LEARN_CONTENT_ORIGINS_TOO_MANY', fields: [{ field: 'content.allowedOrigins', message: 'Erlaubte Inhaltsursprünge: darf höchstens 20 Einträge haben' }] });
    const mixed = await settings('PATCH', { content: { allowedOrigins: ['http://a.example', 'https://b.example/x'] } });
    expect(mixed.json().error.code).toBe('VALIDATION_FAILED');
    expect(mixed.json().error.fields.map((field: { field: string; code: string }) => [field.field, field.code])).toEqual([
      ['content.allowedOrigins.0', 'LEARN_CONTENT_ORIGIN_NOT_HTTPS'],
      ['content.allowedOrigins.1', 'LEARN_CONTENT_ORIGIN_HAS_PATH'],
    ]);
    expect((await settings('GET')).json().content).toEqual({ allowedOrigins: [] });
  });

  it('warns at import which hosts are blocked and which are insecure; once allowed, the CSP of that site only admits them and pages revalidate', async () => {
    const before = await importCdnCourse();
    expect(before.warnings.map((w) => [w.code, w.detail])).toEqual([
      ['LEARN_PACKAGE_ORIGIN_BLOCKED', 'https://cdn.example.com'],
      ['LEARN_PACKAGE_ORIGIN_INSECURE', 'http://old.example.org'],
    ]);
    const otherCourse = await importCdnCourse(other.host, other.cookie);

    const page = await (await previewPage(before.version.id)).file('SCO-1/cdn.html');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-cache');
    expect(page.headers['last-modified']).toBeUndefined();
    expect(String(page.headers['content-security-policy'])).not.toContain('cdn.example.com');
    const unchanged = await (await previewPage(before.version.id)).file('SCO-1/cdn.html', { 'if-none-match': String(page.headers.etag) });
    expect(unchanged.statusCode).toBe(304);

    const saved = await settings('PATCH', { content: { allowedOrigins: ['https://CDN.example.com/', 'https://cdn.example.com'] } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().content).toEqual({ allowedOrigins: ['https://cdn.example.com'] });

    const after = await (await previewPage(before.version.id)).file('SCO-1/cdn.html', { 'if-none-match': String(page.headers.etag) });
    // The page cached under the old policy is not reused: it comes again, under the new one.
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(page.headers.etag);
    const csp = String(after.headers['content-security-policy']);
    for (const directive of ['script-src', 'style-src', 'img-src', 'font-src', 'media-src', 'connect-src', 'frame-src']) {
      expect(csp).toMatch(new RegExp(`${directive} [^;]* https://cdn\\.example\\.com(;|$)`));
    }
    expect(csp).toMatch(/frame-ancestors 'self' http:\/\/origins\.test(;|$)/);
    expect(csp).not.toContain('old.example.org');
    // The launch frame learns what the policy lets through (to tell blocked content from allowed).
    const frame = await previewPage(before.version.id);
    const info = await frame.inject({ method: 'GET', url: `/launch/${frame.token}/info` });
    expect(info.json()).toMatchObject({ kind: 'preview', allowedOrigins: ['https://cdn.example.com'] });
    // Files that are not pages keep their caching.
    const asset = await (await previewPage(before.version.id)).file('imsmanifest.xml');
    expect(asset.headers['cache-control']).toBe('private, max-age=300');

    const elsewhere = await (await previewPage(otherCourse.version.id, other.host, other.cookie)).file('SCO-1/cdn.html');
    expect(String(elsewhere.headers['content-security-policy'])).not.toContain('cdn.example.com');

    const again = await importCdnCourse();
    expect(again.warnings.map((w) => [w.code, w.detail])).toEqual([
      ['LEARN_PACKAGE_ORIGIN_INSECURE', 'http://old.example.org'],
      ['LEARN_PACKAGE_ORIGIN_ALLOWED', 'https://cdn.example.com'],
    ]);
  });
});
