import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, PASSWORD, signInCookie } from '../../../test/app.js';
import { contentOriginOf, type ContentOrigin } from '../../../test/content-origin.js';
import { engine } from '../../../test/db.js';
import { enrolDirectly } from '../../../test/learn-fixtures.js';
import { scormPackageEntries } from '../../../test/scorm-packages.js';
import { buildZip } from '../../../test/zip-fixtures.js';
import { queryRows } from '../../platform/db/client.js';
import { createUser } from '../../platform/identity/users.service.js';
import { createLearnTestSite, uploadZip, type LearnTestSite } from '../courses/courses.test-support.js';

const MEDIA = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));

describe(`course content on its own origin (${engine})`, () => {
  let site: LearnTestSite;
  let courseId: string;
  let versionId: string;
  let enrolmentId: string;
  /** The learner's course window: the content origin under the launch credential of the learner's attempt. */
  let learner: ContentOrigin;
  let port: number;

  const api = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object, host = site.host) =>
    site.ctx.app.inject({ method, url, headers: { host, cookie }, ...(payload ? { payload } : {}) });

  async function launch(cookie: string, enrolment: string): Promise<ContentOrigin> {
    const res = await api('POST', `/api/learn/enrolments/${enrolment}/launch`, cookie, {});
    expect(res.statusCode, res.body).toBe(200);
    return contentOriginOf(site.ctx.app, res.json().launchUrl);
  }

  async function preview(cookie: string, version: string): Promise<ContentOrigin> {
    const res = await api('POST', `/api/learn/versions/${version}/preview`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return contentOriginOf(site.ctx.app, res.json().launchUrl);
  }

  async function setStatus(status: 'draft' | 'published' | 'archived', course = courseId) {
    const res = await api('POST', `/api/learn/courses/${course}/status`, site.cookies.admin, { status });
    expect(res.statusCode, res.body).toBe(200);
  }

  async function importCourse(title: string, extra: { name: string; data: string | Buffer; compress?: boolean }[] = []) {
    const zipPath = path.join(site.filesDir, '..', `content-${title.replace(/\W/g, '')}-${Date.now()}.zip`);
    await buildZip(zipPath, [...scormPackageEntries('1.2', title, [{ id: 'SCO-1', title: 'Lesson' }]), ...extra]);
    const imported = (await uploadZip(site, zipPath)).json();
    return { courseId: imported.course.id as string, versionId: imported.version.id as string };
  }

  beforeAll(async () => {
    site = await createLearnTestSite('content');
    ({ courseId, versionId } = await importCourse('Served course', [
      { name: 'SCO-1/clip.mp4', data: MEDIA, compress: false },
      { name: 'SCO-1/app.js', data: 'window.started = true;' },
      { name: 'SCO-1/style.css', data: 'body { color: red }' },
      { name: 'SCO-1/100% done.html', data: '<p>done</p>' },
      { name: 'SCO-1/drawing.svg', data: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
    ]));
    await setStatus('published');
    enrolmentId = await enrolDirectly(site.ctx.db, site.tenantId, courseId, site.userIds.learner);
    learner = await launch(site.cookies.learner, enrolmentId);
    await site.ctx.app.contentApp.listen({ port: 0, host: '127.0.0.1' });
    port = (site.ctx.app.contentApp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await site.close();
  });

  /** A request to the content origin over a real socket, with the path exactly as written (inject would normalise it). */
  const raw = (rawPath: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path: rawPath, headers: { host: learner.host } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end();
    });

  it('launches on the content origin: the site host on the content port, never the app origin', async () => {
    const res = await api('POST', `/api/learn/enrolments/${enrolmentId}/launch`, site.cookies.learner, {});
    const { launchUrl, contentOrigin } = res.json();
    expect(contentOrigin).toBe('http://content.test:3001');
    expect(launchUrl).toMatch(/^http:\/\/content\.test:3001\/launch\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    // The app's own origin serves no course files, to nobody, whatever the cookie.
    for (const cookie of [site.cookies.admin, site.cookies.learner]) {
      const onApp = await api('GET', `/content/${versionId}/SCO-1/index.html`, cookie);
      expect(onApp.statusCode).toBe(404);
      expect(onApp.body).not.toContain('LMSSetValue');
    }
    // The app page may frame only the content origin.
    const page = await site.ctx.app.inject({ method: 'GET', url: '/', headers: { host: site.host, accept: 'text/html' } });
    expect(String(page.headers['content-security-policy'])).toContain('frame-src http://content.test:3001');
  });

  it('serves the launch credential holder the files with MIME types, ETags and a CSP that keeps the content to its own origin', async () => {
    const res = await learner.file('SCO-1/index.html');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.etag).toBeTruthy();
    expect(res.headers['accept-ranges']).toBe('bytes');
    // A page is revalidated every time (its policy is the site's and may change); other files are cached a while.
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect((await learner.file('SCO-1/app.js')).headers['cache-control']).toBe('private, max-age=300');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBeUndefined();
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' 'unsafe-inline' 'unsafe-eval'`);
    expect(csp).toContain(`connect-src 'self' data: blob:`);
    // Framed by its launch frame ('self') inside the app page that opened it, and nowhere else.
    expect(csp).toContain(`frame-ancestors 'self' http://content.test`);
    expect(csp.replace(`frame-ancestors 'self' http://content.test`, '')).not.toMatch(/https?:|\*/);
    expect(res.body).toContain('LMSSetValue');

    expect((await learner.file('SCO-1/app.js')).headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect((await learner.file('SCO-1/style.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await learner.file('imsmanifest.xml')).headers['content-type']).toMatch(/xml/);
    const encoded = await learner.file('SCO-1/100%25%20done.html');
    expect(encoded.statusCode, encoded.body).toBe(200);
    expect(encoded.body).toBe('<p>done</p>');
  });

  it('answers 304 to a matching ETag and 206 to a range request for media', async () => {
    const first = await learner.file('SCO-1/clip.mp4');
    expect(first.headers['content-type']).toBe('video/mp4');
    expect(first.rawPayload.equals(MEDIA)).toBe(true);
    const again = await learner.file('SCO-1/clip.mp4', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const part = await learner.file('SCO-1/clip.mp4', { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${MEDIA.length}`);
    expect(part.rawPayload.equals(MEDIA.subarray(100, 200))).toBe(true);
    const unsatisfiable = await learner.file('SCO-1/clip.mp4', { range: 'bytes=999999-' });
    expect(unsatisfiable.statusCode).toBe(416);
    expect(unsatisfiable.json().error.code).toBe('LEARN_CONTENT_RANGE_NOT_SATISFIABLE');
    expect(unsatisfiable.headers['content-range']).toBe(`bytes */${MEDIA.length}`);
    const suffix = await learner.file('SCO-1/clip.mp4', { range: 'bytes=-10' });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.equals(MEDIA.subarray(MEDIA.length - 10))).toBe(true);
  });

  it('names the blob as a strong ETag, answers HEAD without a body, and 304 to If-Modified-Since of its Last-Modified', async () => {
    const first = await learner.file('SCO-1/clip.mp4');
    expect(first.headers.etag).toBe(`"${createHash('sha256').update(MEDIA).digest('hex')}"`);
    const lastModified = String(first.headers['last-modified']);
    expect(Date.parse(lastModified)).toBeLessThanOrEqual(Date.now());
    const head = await learner.inject({ method: 'HEAD', url: `/c/${learner.token}/SCO-1/clip.mp4` });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(MEDIA.length));
    expect(head.headers['content-type']).toBe('video/mp4');
    expect(head.headers.etag).toBe(first.headers.etag);
    expect(head.body).toBe('');
    expect((await learner.file('SCO-1/clip.mp4', { 'if-modified-since': lastModified })).statusCode).toBe(304);
    const before = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await learner.file('SCO-1/clip.mp4', { 'if-modified-since': before })).statusCode).toBe(200);
    // A stale If-Range gets the whole file instead of a part of another one.
    const stale = await learner.file('SCO-1/clip.mp4', { range: 'bytes=0-9', 'if-range': '"0000"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(MEDIA)).toBe(true);
    const fresh = await learner.file('SCO-1/clip.mp4', { range: 'bytes=0-9', 'if-range': String(first.headers.etag) });
    expect(fresh.statusCode).toBe(206);
    expect(fresh.rawPayload.equals(MEDIA.subarray(0, 10))).toBe(true);
  });

  it('opens nothing by cookie: no credential, a forged one, or one used on another host gets nothing', async () => {
    const cookie = site.cookies.admin;
    const noToken = await learner.inject({ method: 'GET', url: `/content/${versionId}/SCO-1/index.html`, headers: { cookie } });
    expect(noToken.statusCode).toBe(404);
    for (const token of ['', 'x', `${learner.token.slice(0, -1)}${learner.token.endsWith('A') ? 'B' : 'A'}`]) {
      const forged = await learner.inject({ method: 'GET', url: `/c/${token}/SCO-1/index.html`, headers: { cookie } });
      expect(forged.statusCode, token).toBeGreaterThanOrEqual(400);
      expect(forged.body, token).not.toContain('LMSSetValue');
    }
    const otherHost = await site.ctx.app.contentApp.inject({ method: 'GET', url: `/c/${learner.token}/SCO-1/index.html`, headers: { host: 'othersite.test:3001' } });
    expect(otherHost.statusCode).toBe(401);
    expect(otherHost.json().error.code).toBe('LEARN_LAUNCH_INVALID');
    // The content origin has no app routes at all.
    for (const url of ['/api/me', '/api/admin/users', '/api/auth/session', '/', '/sign-in']) {
      expect((await learner.inject({ method: 'GET', url, headers: { cookie } })).statusCode, url).toBe(404);
    }
    const create = await learner.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie }, payload: { email: 'evil@content.test', firstName: 'E', lastName: 'V', roles: ['admin'] } });
    expect(create.statusCode).toBe(404);
  });

  it('refuses a service worker and serves an SVG with its script only under the content CSP, never on the app origin', async () => {
    const worker = await learner.file('SCO-1/app.js', { 'service-worker': 'script' });
    expect(worker.statusCode).toBe(403);
    expect(worker.json().error.code).toBe('LEARN_CONTENT_SERVICE_WORKER');
    const svg = await learner.file('SCO-1/drawing.svg');
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(svg.headers['content-security-policy'])).toContain(`connect-src 'self'`);
  });

  describe('who gets a credential for which files', () => {
    it('an enrolled learner: only the attempt version of the course enrolled in; a learner enrolled elsewhere or not at all: nothing', async () => {
      const other = await importCourse('Other course');
      await setStatus('published', other.courseId);
      await createUser(site.ctx.db, site.tenantId, { email: 'elsewhere@content.test', firstName: 'E', lastName: 'W', roles: ['learner'], password: PASSWORD });
      const elsewhereCookie = await signInCookie(site.ctx.app, site.host, 'elsewhere@content.test', PASSWORD);
      const [row] = await site.ctx.db.withTenant(site.tenantId, (tx) => queryRows<{ id: string }>(tx, sql`select id from users where email = 'elsewhere@content.test'`));
      const elsewhereId = row!.id;
      const elsewhereEnrolment = await enrolDirectly(site.ctx.db, site.tenantId, other.courseId, elsewhereId);
      const elsewhere = await launch(elsewhereCookie, elsewhereEnrolment);
      expect((await elsewhere.file('imsmanifest.xml')).body).toContain('Other course');
      // The credential opens its own version only: there is no way to name another one.
      expect((await elsewhere.file('SCO-1/clip.mp4')).statusCode).toBe(404);
      expect((await elsewhere.file(`../${versionId}/SCO-1/clip.mp4`)).statusCode).toBeGreaterThanOrEqual(400);
      // Someone else's enrolment cannot be launched, and learners get no preview.
      expect((await api('POST', `/api/learn/enrolments/${enrolmentId}/launch`, elsewhereCookie, {})).statusCode).toBe(404);
      expect((await api('POST', `/api/learn/versions/${versionId}/preview`, elsewhereCookie)).statusCode).toBe(403);
      // Not enrolled at all (a manager is neither enrolled nor a content author).
      expect((await api('POST', `/api/learn/versions/${versionId}/preview`, site.cookies.manager)).statusCode).toBe(403);
    });

    it('a draft or archived course: learners get no credential, administrators and instructors preview it', async () => {
      const draft = await importCourse('Draft course');
      const enrolment = await enrolDirectly(site.ctx.db, site.tenantId, draft.courseId, site.userIds.learner);
      const refused = await api('POST', `/api/learn/enrolments/${enrolment}/launch`, site.cookies.learner, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('LEARN_COURSE_NOT_AVAILABLE');
      for (const cookie of [site.cookies.admin, site.cookies.instructor]) {
        expect((await (await preview(cookie, draft.versionId)).file('imsmanifest.xml')).body).toContain('Draft course');
      }
      await setStatus('published', draft.courseId);
      const opened = await launch(site.cookies.learner, enrolment);
      expect((await opened.file('SCO-1/index.html')).statusCode).toBe(200);
      // Archived: no more launches for learners; administrators still preview it.
      await setStatus('archived', draft.courseId);
      expect((await api('POST', `/api/learn/enrolments/${enrolment}/launch`, site.cookies.learner, {})).json().error.code).toBe('LEARN_COURSE_NOT_AVAILABLE');
      expect((await (await preview(site.cookies.admin, draft.versionId)).file('SCO-1/index.html')).statusCode).toBe(200);
    });

    it('another site: its administrator gets no credential for this version, and this site credential opens nothing on its content host', async () => {
      const other = await createTenantWithUser(site.ctx.db, 'othersite');
      const otherCookie = await signInCookie(site.ctx.app, other.host, other.email, PASSWORD);
      const res = await api('POST', `/api/learn/versions/${versionId}/preview`, otherCookie, undefined, other.host);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('LEARN_VERSION_NOT_FOUND');
      const onOtherHost = await site.ctx.app.contentApp.inject({ method: 'GET', url: `/c/${learner.token}/SCO-1/index.html`, headers: { host: `${other.host}:3001` } });
      expect(onOtherHost.statusCode).toBe(401);
    });

    it('a reset closes the attempt: its credential opens no more files and takes no more commits', async () => {
      const course = await importCourse('Reset course');
      await setStatus('published', course.courseId);
      const enrolment = await enrolDirectly(site.ctx.db, site.tenantId, course.courseId, site.userIds.learner);
      const window = await launch(site.cookies.learner, enrolment);
      expect((await window.file('SCO-1/index.html')).statusCode).toBe(200);
      expect((await api('POST', `/api/learn/enrolments/${enrolment}/reset`, site.cookies.admin)).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const after = await window.file('SCO-1/index.html');
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('LEARN_LAUNCH_ENDED');
      const commit = await window.commit({ scoId: 'SCO-1', seq: 1, cmi: {} });
      expect(commit.statusCode).toBe(409);
      expect(commit.json().error.code).toBe('LEARN_ATTEMPT_CLOSED');
    });
  });

  it('answers 404 for a file that does not exist, and for a folder', async () => {
    expect((await learner.file('SCO-1/missing.html')).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
    expect((await learner.file('SCO-1')).json().error.code).toBe('LEARN_CONTENT_NOT_FOUND');
  });

  it('keeps serving the attempt its version 1 after version 2 became current; a new launch of a new attempt gets version 2', async () => {
    const zipPath = path.join(site.filesDir, '..', `content-v2-${Date.now()}.zip`);
    await buildZip(zipPath, scormPackageEntries('1.2', 'Served course v2', [{ id: 'SCO-1', title: 'Lesson' }]));
    const second = (await uploadZip(site, zipPath, { courseId })).json();
    expect(second.version.version).toBe(2);
    expect((await learner.file('SCO-1/clip.mp4')).statusCode).toBe(200);
    const resumed = await launch(site.cookies.learner, enrolmentId);
    expect((await resumed.file('SCO-1/clip.mp4')).statusCode).toBe(200);
    const previewV2 = await preview(site.cookies.admin, second.version.id);
    expect((await previewV2.file('SCO-1/index.html')).statusCode).toBe(200);
    // The new version has no clip: each version serves its own files.
    expect((await previewV2.file('SCO-1/clip.mp4')).statusCode).toBe(404);
  });

  it('refuses path traversal in every spelling, over a real connection', async () => {
    const token = learner.token;
    const attempts = [
      `/c/${token}/../../../../../../etc/passwd`,
      `/c/${token}/SCO-1/../../../../../../etc/passwd`,
      `/c/${token}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
      `/c/${token}/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd`,
      `/c/${token}/..%5c..%5c..%5cetc%5cpasswd`,
      `/c/${token}//etc/passwd`,
      `/c/${token}/%2fetc%2fpasswd`,
      `/c/${token}/SCO-1/index.html%00.png`,
      `/c/${token}/./imsmanifest.xml`,
      `/c/${token}/%ZZ`,
    ];
    for (const attempt of attempts) {
      const res = await raw(attempt);
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      expect(res.status, attempt).toBeLessThan(500);
      expect(res.body, attempt).not.toContain('root:');
    }
    // The same file spelled plainly is served over the same connection type.
    expect((await raw(`/c/${token}/imsmanifest.xml`)).status).toBe(200);
    expect((await raw(`/c/${token}/SCO-1/../../../../../../etc/passwd`)).body).toContain('LEARN_CONTENT_BAD_PATH');
  });
});
