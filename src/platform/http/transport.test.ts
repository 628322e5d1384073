import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, fakeWebDir, testConfig } from '../../../test/app.js';
import { createTestDb, engine } from '../../../test/db.js';
import { freePort, requestOverSocket, type SocketAnswer } from '../../../test/process.js';
import { buildApp } from '../../app.js';
import { createDevCertificate } from '../../cli/cert.js';
import { queryRows, type Db } from '../db/client.js';
import { tenants } from '../tenancy/tenancy.schema.js';
import { HSTS } from './force-https.js';
import { startListeners, type Listeners } from './listeners.js';

const PROXY = '127.0.0.2';
const CLIENT_BEHIND_PROXY = '203.0.113.7';

type RequestInit = Omit<NonNullable<Parameters<typeof requestOverSocket>[1]>, 'ca'>;

interface Running {
  listeners: Listeners;
  http(path: string, host: string, init?: RequestInit): Promise<SocketAnswer>;
  https(path: string, host: string, init?: RequestInit): Promise<SocketAnswer>;
}

describe(`HTTPS, force HTTPS and trusted proxies over real sockets (${engine})`, () => {
  let db: Db;
  let ca: string;
  let tlsEnv: Record<string, string>;
  const running: Running[] = [];
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let plain: Awaited<ReturnType<typeof createTenantWithUser>>;

  /** Builds the app with `env` and listens on loopback: HTTP on a free port, HTTPS (with a certificate) where configured. */
  async function serve(env: Record<string, string>): Promise<Running> {
    const config = testConfig({ HOST: '127.0.0.1', ...env });
    const app = await buildApp({ config, db, logger: false, webDir: fakeWebDir() });
    const listeners = await startListeners(app, config, { http: 0, content: 0 });
    const run: Running = {
      listeners,
      http: (p, host, init = {}) =>
        requestOverSocket(`http://127.0.0.1:${listeners.httpPort}${p}`, { ...init, headers: { host, ...init.headers } }),
      https: (p, host, init = {}) =>
        requestOverSocket(`https://127.0.0.1:${listeners.httpsPort}${p}`, { ...init, ca, headers: { host, ...init.headers } }),
    };
    running.push(run);
    return run;
  }

  const signInBody = (who: { email: string; password: string }) => JSON.stringify({ email: who.email, password: who.password });

  async function sessionIps(tenantId: string): Promise<string[]> {
    const rows = await db.withTenant(tenantId, (tx) => queryRows<{ ip: string }>(tx, sql`select ip from sessions order by created_at`));
    return rows.map((r) => r.ip);
  }

  beforeAll(async () => {
    const pair = await createDevCertificate(['acme.test', 'plain.test']);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-transport-'));
    writeFileSync(path.join(dir, 'cert.pem'), pair.cert);
    writeFileSync(path.join(dir, 'key.pem'), pair.key);
    ca = pair.cert;
    const httpsPort = String(await freePort());
    tlsEnv = {
      LECTERN_TLS_CERT: path.join(dir, 'cert.pem'),
      LECTERN_TLS_KEY: path.join(dir, 'key.pem'),
      LECTERN_HTTPS_PORT: httpsPort,
    };
    db = await createTestDb();
    acme = await createTenantWithUser(db, 'acme');
    plain = await createTenantWithUser(db, 'plain');
    await db.owner.update(tenants).set({ settings: { security: { forceHttps: false } } }).where(eq(tenants.id, plain.tenant.id));
  });

  afterAll(async () => {
    for (const run of running) await run.listeners.close();
    await db?.close();
  });

  describe('with a certificate, in production, behind a trusted proxy at 127.0.0.2', () => {
    let node: Running;
    beforeAll(async () => {
      node = await serve({ ...tlsEnv, NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test', LECTERN_TRUST_PROXY: PROXY });
    });

    it('a page over plain HTTP is redirected with 308 to the same host, path and query on HTTPS, which answers', async () => {
      const html = { accept: 'text/html' };
      const redirect = await node.http('/courses?lang=de&q=a%20b', acme.host, { headers: html });
      expect(redirect.status).toBe(308);
      const location = new URL(String(redirect.headers.location));
      expect(location.href).toBe(`https://acme.test:${tlsEnv.LECTERN_HTTPS_PORT}/courses?lang=de&q=a%20b`);

      const followed = await node.https(location.pathname + location.search, location.hostname, { headers: html });
      expect(followed.status).toBe(200);
      expect(followed.headers['content-type']).toMatch(/text\/html/);
    });

    it('an API request over plain HTTP is refused with HTTP_TLS_REQUIRED, not redirected; over HTTPS it answers', async () => {
      for (const [method, p] of [['GET', '/api/tenant?lang=de'], ['POST', '/api/auth/sign-out']] as const) {
        const res = await node.http(p, acme.host, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(res.status, p).toBe(403);
        expect(res.headers.location, p).toBeUndefined();
        expect(JSON.parse(res.body).error.code, p).toBe('HTTP_TLS_REQUIRED');
      }
      const overHttps = await node.https('/api/tenant', acme.host);
      expect(overHttps.status).toBe(200);
      expect(JSON.parse(overHttps.body)).toEqual({ name: 'ACME', slug: 'acme', selfRegistration: false });
    });

    it('every HTTPS answer carries HSTS, error answers too; plain-HTTP answers never do', async () => {
      for (const p of ['/api/tenant', '/api/nothing-here', '/api/auth/session']) {
        const res = await node.https(p, acme.host);
        expect(res.headers['strict-transport-security'], p).toBe(HSTS);
      }
      for (const p of ['/api/tenant', '/courses']) {
        const overHttp = await node.http(p, acme.host, { headers: { accept: 'text/html' } });
        expect(overHttp.headers['strict-transport-security'], p).toBeUndefined();
      }
    });

    it('health checks answer over plain HTTP on any host, without a redirect', async () => {
      for (const host of [acme.host, '127.0.0.1']) {
        const res = await node.http('/healthz', host);
        expect(res.status).toBe(200);
        expect(res.headers.location).toBeUndefined();
      }
    });

    it('a tenant with force HTTPS off is served over plain HTTP, and gets no HSTS over HTTPS', async () => {
      const overHttp = await node.http('/api/tenant', plain.host);
      expect(overHttp.status).toBe(200);
      expect(JSON.parse(overHttp.body).slug).toBe('plain');
      const overHttps = await node.https('/api/tenant', plain.host);
      expect(overHttps.status).toBe(200);
      expect(overHttps.headers['strict-transport-security']).toBeUndefined();
    });

    it('sign-in over plain HTTP is refused with HTTP_TLS_REQUIRED, even where force HTTPS is off', async () => {
      for (const who of [plain, acme]) {
        const res = await node.http('/api/auth/sign-in', who.host, { method: 'POST', body: signInBody(who) });
        expect(res.status).toBe(403);
        expect(JSON.parse(res.body).error.code).toBe('HTTP_TLS_REQUIRED');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const german = await node.http('/api/auth/sign-in', plain.host, {
        method: 'POST',
        body: signInBody(plain),
        headers: { 'accept-language': 'de' },
      });
      expect(JSON.parse(german.body).error.message).toContain('sichere Verbindung');
    });

    it('any request with an Authorization header over plain HTTP is refused with HTTP_TLS_REQUIRED, not redirected, whatever the route', async () => {
      const requests: [string, string, string][] = [
        ['/api/learn/courses', acme.host, 'Bearer lct_00000000_forged'],
        ['/api/tenant', acme.host, 'Bearer lct_00000000_forged'],
        ['/api/tenant', plain.host, 'Bearer lct_00000000_forged'],
        ['/api/no-such-route', acme.host, 'Bearer lct_00000000_forged'],
        ['/healthz', '127.0.0.1', 'Bearer lct_00000000_forged'],
        ['/api/tenant', acme.host, 'Basic YWRhOnNlY3JldA=='],
      ];
      for (const [p, host, authorization] of requests) {
        const res = await node.http(p, host, { headers: { authorization } });
        expect(res.status, `${p} ${host} ${authorization}`).toBe(403);
        expect(JSON.parse(res.body).error.code).toBe('HTTP_TLS_REQUIRED');
        expect(res.headers.location).toBeUndefined();
      }
      const post = await node.http('/api/learn/courses', plain.host, { method: 'POST', body: '{}', headers: { authorization: 'Bearer lct_00000000_forged' } });
      expect(JSON.parse(post.body).error.code).toBe('HTTP_TLS_REQUIRED');
    });

    it('the same bearer token over HTTPS, or through the trusted proxy that reports HTTPS, reaches the token check', async () => {
      const headers = { authorization: 'Bearer lct_00000000_forged' };
      const overTls = await node.https('/api/me', acme.host, { headers });
      expect(overTls.status).toBe(401);
      expect(JSON.parse(overTls.body).error.code).toBe('AUTH_TOKEN_INVALID');
      const viaProxy = await node.http('/api/me', plain.host, { from: PROXY, headers: { ...headers, 'x-forwarded-proto': 'https' } });
      expect(JSON.parse(viaProxy.body).error.code).toBe('AUTH_TOKEN_INVALID');
    });

    it('sign-in over HTTPS sets a Secure, HttpOnly session cookie', async () => {
      const res = await node.https('/api/auth/sign-in', plain.host, { method: 'POST', body: signInBody(plain) });
      expect(res.status).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-lectern_session=/);
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
    });

    it('over HTTPS only the __Host- cookie counts: a plain lectern_session cookie (a sibling host could plant one) is ignored', async () => {
      const res = await node.https('/api/auth/sign-in', plain.host, { method: 'POST', body: signInBody(plain) });
      const sessionId = /^__Host-lectern_session=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1] ?? '';
      expect(sessionId).not.toBe('');
      const withPrefix = await node.https('/api/auth/session', plain.host, { headers: { cookie: `__Host-lectern_session=${sessionId}` } });
      expect(withPrefix.status).toBe(200);
      const planted = await node.https('/api/auth/session', plain.host, { headers: { cookie: `lectern_session=${sessionId}` } });
      expect(planted.status).toBe(401);
      // Both sent, the planted one first: the prefixed one is the session.
      const both = await node.https('/api/auth/session', plain.host, { headers: { cookie: `lectern_session=forged; __Host-lectern_session=${sessionId}` } });
      expect(both.status).toBe(200);
      // Plain HTTP (force HTTPS off for this tenant) does not read the prefixed name.
      const overHttp = await node.http('/api/auth/session', plain.host, { headers: { cookie: `__Host-lectern_session=${sessionId}` } });
      expect(overHttp.status).toBe(401);

      const signOut = await node.https('/api/auth/sign-out', plain.host, { method: 'POST', body: '{}', headers: { cookie: `__Host-lectern_session=${sessionId}` } });
      expect(signOut.status).toBe(204);
      expect(String(signOut.headers['set-cookie'])).toMatch(/^__Host-lectern_session=;.*Secure/);
      expect((await node.https('/api/auth/session', plain.host, { headers: { cookie: `__Host-lectern_session=${sessionId}` } })).status).toBe(401);
    });

    it('X-Forwarded-Proto and -For from the trusted proxy count: TLS, the client address, HSTS', async () => {
      const before = (await sessionIps(acme.tenant.id)).length;
      const res = await node.http('/api/auth/sign-in', acme.host, {
        method: 'POST',
        body: signInBody(acme),
        from: PROXY,
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': CLIENT_BEHIND_PROXY },
      });
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
      expect(res.headers['strict-transport-security']).toBe(HSTS);
      expect((await sessionIps(acme.tenant.id)).slice(before)).toEqual([CLIENT_BEHIND_PROXY]);

      const plainToProxy = await node.http('/courses?x=1', acme.host, { from: PROXY, headers: { 'x-forwarded-proto': 'http', accept: 'text/html' } });
      expect(plainToProxy.status).toBe(308);
      expect(plainToProxy.headers.location).toBe(`https://acme.test:${tlsEnv.LECTERN_HTTPS_PORT}/courses?x=1`);
    });

    it('the same headers from any other address are ignored', async () => {
      const forged = { 'x-forwarded-proto': 'https', 'x-forwarded-for': CLIENT_BEHIND_PROXY };
      const signIn = await node.http('/api/auth/sign-in', acme.host, { method: 'POST', body: signInBody(acme), headers: forged });
      expect(signIn.status).toBe(403);
      expect(JSON.parse(signIn.body).error.code).toBe('HTTP_TLS_REQUIRED');
      const page = await node.http('/courses', acme.host, { headers: { ...forged, accept: 'text/html' } });
      expect(page.status).toBe(308);

      const before = (await sessionIps(acme.tenant.id)).length;
      const overTls = await node.https('/api/auth/sign-in', acme.host, { method: 'POST', body: signInBody(acme), headers: forged });
      expect(overTls.status).toBe(200);
      expect((await sessionIps(acme.tenant.id)).slice(before)).toEqual(['127.0.0.1']);
    });
  });

  describe('without a certificate, behind a trusted TLS-terminating proxy (production)', () => {
    let node: Running;
    beforeAll(async () => {
      node = await serve({ NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test', LECTERN_TRUST_PROXY: `${PROXY}/32` });
    });

    it('the proxy\'s plain-HTTP requests are redirected to HTTPS on port 443 (no port in the address); API requests are refused', async () => {
      const res = await node.http('/courses?page=2', acme.host, { from: PROXY, headers: { 'x-forwarded-proto': 'http' } });
      expect(res.status).toBe(308);
      expect(res.headers.location).toBe('https://acme.test/courses?page=2');
      const api = await node.http('/api/tenant', acme.host, { from: PROXY, headers: { 'x-forwarded-proto': 'http' } });
      expect(api.status).toBe(403);
      expect(JSON.parse(api.body).error.code).toBe('HTTP_TLS_REQUIRED');
    });

    it('sign-in through the proxy over HTTPS works; directly over plain HTTP it is refused', async () => {
      const viaProxy = await node.http('/api/auth/sign-in', acme.host, {
        method: 'POST',
        body: signInBody(acme),
        from: PROXY,
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(viaProxy.status).toBe(200);
      expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure/);
      const direct = await node.http('/api/auth/sign-in', acme.host, { method: 'POST', body: signInBody(acme) });
      expect(JSON.parse(direct.body).error.code).toBe('HTTP_TLS_REQUIRED');
    });
  });

  describe('zero configuration (no certificate, no proxy, development)', () => {
    let node: Running;
    beforeAll(async () => {
      node = await serve({ NODE_ENV: 'development' });
    });

    it('outside production a bearer token over plain HTTP is admitted (the zero-configuration start has no HTTPS)', async () => {
      const res = await node.http('/api/me', acme.host, { headers: { authorization: 'Bearer lct_00000000_forged' } });
      expect(JSON.parse(res.body).error.code).toBe('AUTH_TOKEN_INVALID');
    });

    it('serves plain HTTP: no HTTPS listener, no redirect, no HSTS, and sign-in works', async () => {
      expect(node.listeners.httpsPort).toBeUndefined();
      const page = await node.http('/api/tenant', acme.host);
      expect(page.status).toBe(200);
      expect(page.headers['strict-transport-security']).toBeUndefined();
      const signIn = await node.http('/api/auth/sign-in', acme.host, { method: 'POST', body: signInBody(acme) });
      expect(signIn.status).toBe(200);
      expect(String(signIn.headers['set-cookie'])).toMatch(/^lectern_session=/);
      expect(String(signIn.headers['set-cookie'])).not.toMatch(/Secure/);
    });

    it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
      const res = await node.http('/api/auth/sign-in', acme.host, {
        method: 'POST',
        body: signInBody(acme),
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
    });
  });
});
