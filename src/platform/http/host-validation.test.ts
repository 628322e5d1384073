import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { rawExchange } from '../../../test/process.js';
import { isValidHostHeader } from './host-validation.js';

const PROXY = '127.0.0.2';

describe('isValidHostHeader', () => {
  it('takes a host name, an IPv4 or a bracketed IPv6 address, each with an optional port 1-65535', () => {
    for (const host of ['acme.test', 'ACME.test', 'acme.test:8080', 'localhost', 'localhost:1', '127.0.0.1:3000', '[::1]', '[::1]:65535', 'a-b.c1.test']) {
      expect(isValidHostHeader(host), host).toBe(true);
    }
  });

  it('refuses user info, bad ports, paths and characters outside a host name', () => {
    for (const host of [
      'learn.example:1@evil.test',
      'user@acme.test',
      'acme.test:0',
      'acme.test:65536',
      'acme.test:99999',
      'acme.test:',
      'acme.test:80:80',
      'acme.test:8o',
      'acme.test/evil',
      'acme.test\\evil.test',
      'acme.test?x',
      'acme.test#x',
      'acme test',
      'acme_test.test',
      '-acme.test',
      'acme..test',
      '.acme.test',
      '[::1',
      '[not-an-ip]:80',
      '::1',
      '[::1]x',
      'é.test',
      '%61cme.test',
      `${'a'.repeat(64)}.test`,
    ]) {
      expect(isValidHostHeader(host), host).toBe(false);
    }
  });
});

describe(`requests with a malformed host are refused before the tenant is looked up (${engine})`, () => {
  let ctx: TestContext;
  let host: string;
  let port: number;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_TRUST_PROXY: PROXY } });
    host = (await createTenantWithUser(ctx.db, 'acme')).host;
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as AddressInfo).port;
  });
  afterAll(() => ctx.close());

  it('a Host with user info that would resolve the tenant (cut at ":") gets 400 HTTP_BAD_HOST, in German too', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: `${host}:1@evil.test` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'HTTP_BAD_HOST', fields: [{ field: 'host' }] });
    const german = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: `${host}:1@evil.test`, 'accept-language': 'de' } });
    expect(german.json().error.message).toContain('gültigen Host');
    expect(german.json().error.fields[0].message).toContain('Hostname');
  });

  it('bad ports and foreign characters are refused; a good host with a port is served', async () => {
    for (const bad of [`${host}:0`, `${host}:65536`, `${host}:x`, `${host}/x`, `${host}:80:80`]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: bad } });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code, bad).toBe('HTTP_BAD_HOST');
    }
    const good = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: `${host}:8443` } });
    expect(good.statusCode).toBe(200);
  });

  it('routes that answer on any host check it too', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'x@127.0.0.1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HTTP_BAD_HOST');
    for (const ok of ['127.0.0.1:3000', '[::1]:3000', 'localhost']) {
      expect((await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { host: ok } })).statusCode, ok).toBe(200);
    }
  });

  it('two Host headers on the wire are refused, whichever comes first (Node passes only the first on)', async () => {
    for (const [first, second] of [
      [host, 'evil.test'],
      ['evil.test', host],
      [host, host],
    ]) {
      const answer = await rawExchange(port, `GET /api/tenant HTTP/1.1\r\nHost: ${first}\r\nhost: ${second}\r\nConnection: close\r\n\r\n`);
      expect(answer, `${first} + ${second}`).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('"code":"HTTP_BAD_HOST"');
    }
    const single = await rawExchange(port, `GET /api/tenant HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(single).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a request without a Host header (HTTP/1.1) or with an empty one is refused', async () => {
    const missing = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(missing).toMatch(/^HTTP\/1\.1 400 /);
    const empty = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n');
    expect(empty).toMatch(/^HTTP\/1\.1 400 /);
    expect(empty).toContain('"code":"HTTP_BAD_HOST"');
  });

  it('an absolute-form request target must name the Host header\'s host', async () => {
    const other = await rawExchange(port, `GET http://evil.test/api/tenant HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(other).toMatch(/^HTTP\/1\.1 400 /);
    expect(other).toContain('"code":"HTTP_BAD_HOST"');
    const withUser = await rawExchange(port, `GET http://x@${host}/api/tenant HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(withUser).toContain('"code":"HTTP_BAD_HOST"');
    const same = await rawExchange(port, `GET http://${host}/api/tenant HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(same).not.toContain('HTTP_BAD_HOST');
  });

  it('a trusted proxy\'s X-Forwarded-Host is checked the same way; from anyone else it is ignored', async () => {
    const forged = `GET /api/tenant HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-Host: ${host}:1@evil.test\r\nConnection: close\r\n\r\n`;
    const viaProxy = await rawExchange(port, forged, { from: PROXY });
    expect(viaProxy).toMatch(/^HTTP\/1\.1 400 /);
    expect(viaProxy).toContain('"code":"HTTP_BAD_HOST"');
    const direct = await rawExchange(port, forged);
    expect(direct).toMatch(/^HTTP\/1\.1 200 /);
  });
});
