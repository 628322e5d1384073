import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/db.js';
import { enrolDirectly } from '../../../test/learn-fixtures.js';
import { scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { createLearnTestSite, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';
import { createUser } from '../../platform/identity/users.service.js';
import { createTenantWithUser, PASSWORD, signInCookie } from '../../../test/app.js';

const MEDIA = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));

describe(`course content serving (${engine})`, () => {
  let site: LearnTestSite;
  let courseId: string;
  let versionId: string;
  let strangerCookie: string;
  let port: number;

  beforeAll(async () => {
    site = await createLearnTestSite('content');
    const zipPath = path.join(site.filesDir, '..', `content-${Date.now()}.zip`);
    await buildZip(zipPath, [
      ...scormPackageEntries('1.2', 'Served course', [{ id: 'SCO-1', title: 'Lesson' }]),
      { name: 'SCO-1/clip.mp4', data: MEDIA, compress: false },
      { name: 'SCO-1/app.js', data: 'window.started = true;' },
      { name: 'SCO-1/style.css', data: 'body { color: red }' },
      { name: 'SCO-1/100% done.html', data: '<p>done</p>' },
    ]);
    const imported = (await uploadZip(site, zipPath)).json();
    courseId = imported.course.id;
    versionId = imported.version.id;
    await enrolDirectly(site.ctx.db, site.tenantId, courseId, site.userIds.learner);
    await createUser(site.ctx.db, site.tenantId, { email: 'stranger@content.test', firstName: 'S', lastName: 'T', roles: ['learner'], password: PASSWORD });
    strangerCookie = await signInCookie(site.ctx.app, site.host, 'stranger@content.test', PASSWORD);
    await site.ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (site.ctx.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await site.close();
  });

  const get = (url: string, cookie: string | null = site.cookies.learner, headers: Record<string, string> = {}) =>
    site.ctx.app.inject({ method: 'GET', url, headers: { host: site.host, ...(cookie ? { cookie } : {}), ...headers } });

  /** A request over a real socket, with the path exactly as written (inject would normalise it). */
  const raw = (rawPath: string, cookie = site.cookies.admin) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: rawPath, headers: { host: site.host, cookie } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end();
    });

  it('serves an enrolled learner the launch page with its MIME type, an ETag and a CSP that lets the course run but frames it only here', async () => {
    const res = await get(`/content/${versionId}/SCO-1/index.html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.etag).toBeTruthy();
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' 'unsafe-inline' 'unsafe-eval'`);
    expect(csp).toContain(`connect-src 'self' data: blob:`);
    expect(csp).toContain(`frame-ancestors 'self'`);
    expect(csp).not.toMatch(/https?:|\*/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.body).toContain('LMSSetValue');

    expect((await get(`/content/${versionId}/SCO-1/app.js`)).headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect((await get(`/content/${versionId}/SCO-1/style.css`)).headers['content-type']).toMatch(/^text\/css/);
    expect((await get(`/content/${versionId}/imsmanifest.xml`)).headers['content-type']).toMatch(/xml/);
    const encoded = await get(`/content/${versionId}/SCO-1/100%25%20done.html`);
    expect(encoded.statusCode, encoded.body).toBe(200);
    expect(encoded.body).toBe('<p>done</p>');
  });

  it('answers 304 to a matching ETag and 206 to a range request for media', async () => {
    const first = await get(`/content/${versionId}/SCO-1/clip.mp4`);
    expect(first.headers['content-type']).toBe('video/mp4');
    expect(first.rawPayload.equals(MEDIA)).toBe(true);
    const again = await get(`/content/${versionId}/SCO-1/clip.mp4`, site.cookies.learner, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const part = await get(`/content/${versionId}/SCO-1/clip.mp4`, site.cookies.learner, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${MEDIA.length}`);
    expect(part.rawPayload.equals(MEDIA.subarray(100, 200))).toBe(true);
    const unsatisfiable = await get(`/content/${versionId}/SCO-1/clip.mp4`, site.cookies.learner, { range: 'bytes=999999-' });
    expect(unsatisfiable.statusCode).toBe(416);
    expect(unsatisfiable.json().error.code).toBe('LEARN_CONTENT_RANGE_NOT_SATISFIABLE');
    expect(unsatisfiable.headers['content-range']).toBe(`bytes */${MEDIA.length}`);
    const suffix = await get(`/content/${versionId}/SCO-1/clip.mp4`, site.cookies.learner, { range: 'bytes=-10' });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.equals(MEDIA.subarray(MEDIA.length - 10))).toBe(true);
  });

  it('serves admins and instructors without an enrolment, and refuses everybody else', async () => {
    const url = `/content/${versionId}/SCO-1/index.html`;
    expect((await get(url, site.cookies.admin)).statusCode).toBe(200);
    expect((await get(url, site.cookies.instructor)).statusCode).toBe(200);
    const stranger = await get(url, strangerCookie);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error.code).toBe('LEARN_CONTENT_FORBIDDEN');
    expect((await get(url, site.cookies.manager)).json().error.code).toBe('LEARN_CONTENT_FORBIDDEN');
    const anonymous = await get(url, null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('LMSSetValue');
  });

  it('another site does not see the version at all', async () => {
    const other = await createTenantWithUser(site.ctx.db, 'othersite');
    const otherCookie = await signInCookie(site.ctx.app, other.host, other.email, PASSWORD);
    const res = await site.ctx.app.inject({ method: 'GET', url: `/content/${versionId}/SCO-1/index.html`, headers: { host: other.host, cookie: otherCookie } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
  });

  it('answers 404 for a file or version that does not exist, and for a folder', async () => {
    expect((await get(`/content/${versionId}/SCO-1/missing.html`)).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
    expect((await get(`/content/${versionId}/SCO-1`)).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
    expect((await get(`/content/00000000-0000-4000-8000-000000000000/index.html`, site.cookies.admin)).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
  });

  it('keeps serving version 1 after version 2 became current', async () => {
    const zipPath = path.join(site.filesDir, '..', `content-v2-${Date.now()}.zip`);
    await buildZip(zipPath, scormPackageEntries('1.2', 'Served course v2', [{ id: 'SCO-1', title: 'Lesson' }]));
    const second = (await uploadZip(site, zipPath, { courseId })).json();
    expect(second.version.version).toBe(2);
    expect((await get(`/content/${versionId}/SCO-1/clip.mp4`)).statusCode).toBe(200);
    expect((await get(`/content/${second.version.id}/SCO-1/index.html`)).statusCode).toBe(200);
    // The new version has no clip: each version serves its own files.
    expect((await get(`/content/${second.version.id}/SCO-1/clip.mp4`)).statusCode).toBe(404);
  });

  it('refuses path traversal in every spelling, over a real connection', async () => {
    const attempts = [
      `/content/${versionId}/../../../../../../etc/passwd`,
      `/content/${versionId}/SCO-1/../../../../../../etc/passwd`,
      `/content/${versionId}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
      `/content/${versionId}/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd`,
      `/content/${versionId}/..%5c..%5c..%5cetc%5cpasswd`,
      `/content/${versionId}//etc/passwd`,
      `/content/${versionId}/%2fetc%2fpasswd`,
      `/content/${versionId}/SCO-1/index.html%00.png`,
      `/content/${versionId}/./imsmanifest.xml`,
      `/content/${versionId}/%ZZ`,
    ];
    for (const attempt of attempts) {
      const res = await raw(attempt);
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      expect(res.status, attempt).toBeLessThan(500);
      expect(res.body, attempt).not.toContain('root:');
    }
    // The same file spelled plainly is served over the same connection type.
    expect((await raw(`/content/${versionId}/imsmanifest.xml`)).status).toBe(200);
    expect((await raw(`/content/${versionId}/../../../../../../etc/passwd`)).body).toContain('LEARN_CONTENT_BAD_PATH');
  });
});
