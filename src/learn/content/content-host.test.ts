import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, testConfig, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { createScormCourse, enrolDirectly } from '../../../test/learn-fixtures.js';
import { startListeners, type Listeners } from '../../platform/http/listeners.js';
import { createUser } from '../../platform/identity/users.service.js';

// Course content on host names of its own (LECTERN_CONTENT_ORIGIN with one host per site): the
// launch address names the site's content host, and the app's own listener hands requests for
// content host names to the content application, so one port can serve both.

// The proxy in front (loopback here) says which requests came over HTTPS.
const ENV = { HOST: '127.0.0.1', LECTERN_CONTENT_ORIGIN: 'http://*.content.test', LECTERN_TRUST_PROXY: '127.0.0.1' };

describe(`course content on content host names (${engine})`, () => {
  let ctx: TestContext;
  let listeners: Listeners;
  let launchUrl: string;

  const get = (port: number, host: string, path: string) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      });
      request.on('error', reject);
      request.end();
    });

  beforeAll(async () => {
    ctx = await createTestApp({ env: ENV });
    const site = await createTenantWithUser(ctx.db, 'acme');
    const learner = await createUser(ctx.db, site.tenant.id, { email: 'lea@acme.test', firstName: 'Lea', lastName: 'Rner', roles: ['learner'], password: PASSWORD });
    const course = await createScormCourse(ctx.db, site.tenant.id);
    const enrolment = await enrolDirectly(ctx.db, site.tenant.id, course.courseId, learner.id);
    const cookie = await signInCookie(ctx.app, site.host, 'lea@acme.test', PASSWORD);
    const launched = await ctx.app.inject({ method: 'POST', url: `/api/learn/enrolments/${enrolment}/launch`, headers: { host: site.host, cookie }, payload: {} });
    expect(launched.statusCode, launched.body).toBe(200);
    launchUrl = launched.json().launchUrl;
    listeners = await startListeners(ctx.app, testConfig(ENV), { http: 0, content: 0 });
  });
  afterAll(async () => {
    await listeners?.close();
    await ctx.db.close();
  });

  it('names the site content host in the launch address, and the app page may frame only it', async () => {
    expect(launchUrl).toMatch(/^http:\/\/acme\.content\.test\/launch\/[A-Za-z0-9_.-]+$/);
    const page = await ctx.app.inject({ method: 'GET', url: '/', headers: { host: 'acme.test', accept: 'text/html' } });
    expect(String(page.headers['content-security-policy'])).toContain('frame-src http://acme.content.test;');
  });

  it('the app listener hands content host names to the content application, and nothing else', async () => {
    const path = `${new URL(launchUrl).pathname}/info`;
    const viaAppPort = await get(listeners.httpPort, 'acme.content.test', path);
    expect(viaAppPort.status, viaAppPort.body).toBe(200);
    expect(JSON.parse(viaAppPort.body)).toMatchObject({ kind: 'attempt', appOrigin: 'http://acme.test' });
    expect((await get(listeners.contentPort, 'acme.content.test', path)).status).toBe(200);
    // The content host answers no app route, and the app host no content route.
    expect((await get(listeners.httpPort, 'acme.content.test', '/api/tenant')).status).toBe(404);
    const onAppHost = await get(listeners.httpPort, 'acme.test', path);
    expect(onAppHost.status).toBe(404);
    // Another site's content host is not this credential's.
    expect((await get(listeners.httpPort, 'globex.content.test', path)).status).toBe(401);
    // A name that only looks like a content host (two labels deep) is the app's, which knows no such site.
    expect((await get(listeners.httpPort, 'a.acme.content.test', path)).status).toBe(404);
  });

  it('content answers over HTTPS carry HSTS, plain-HTTP ones do not', async () => {
    const path = `${new URL(launchUrl).pathname}/info`;
    const overHttps = await ctx.app.contentApp.inject({ method: 'GET', url: path, headers: { host: 'acme.content.test', 'x-forwarded-proto': 'https' } });
    expect(overHttps.statusCode).toBe(200);
    expect(overHttps.headers['strict-transport-security']).toMatch(/^max-age=\d{8,}/);
    const overHttp = await ctx.app.contentApp.inject({ method: 'GET', url: path, headers: { host: 'acme.content.test' } });
    expect(overHttp.headers['strict-transport-security']).toBeUndefined();
  });
});
