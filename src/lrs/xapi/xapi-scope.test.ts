import { connect, type AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client.js';
import { createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { basicOf, createLrsTestSite, type LrsTestSite } from '../lrs.test-support.js';

/**
 * Sends a request's head and the first bytes of a body announced far larger (or chunked, never
 * ended) over a real socket, and resolves with the answer's head once the server answers and
 * closes the connection. The body is never finished: an answer comes only if the server refused
 * the request without reading it.
 */
function answerToUnfinishedBody(port: number, head: Record<string, string>, path = '/xapi/statements'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer while the body was still coming; received so far: ${JSON.stringify(answer)}`));
    }, 5_000);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', () => undefined);
    const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}`);
    socket.write(`POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    // The first 64 KiB of the body; the rest never comes.
    socket.write(head['transfer-encoding'] ? `10000\r\n${' '.repeat(0x10000)}\r\n` : '['.padEnd(0x10000, ' '));
  });
}

describe(`the LRS scope (${engine})`, () => {
  let ctx: TestContext;
  let site: LrsTestSite;
  let other: LrsTestSite;

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createLrsTestSite(ctx, 'lrs-scope');
    other = await createLrsTestSite(ctx, 'lrs-scope-other');
  });
  afterAll(() => ctx?.close());

  it('answers About to anybody, with or without a version header, and names the versions it speaks', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/xapi/about', headers: { host: site.host } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-experience-api-version']).toBe('2.0.0');
    expect(res.json().version).toEqual(expect.arrayContaining(['1.0.3', '2.0.0']));
    const older = await ctx.app.inject({ method: 'GET', url: '/xapi/about', headers: { host: site.host, 'x-experience-api-version': '1.0.3' } });
    expect(older.headers['x-experience-api-version']).toBe('1.0.3');
  });

  it('takes a resource joined to the endpoint with a second slash (`${endpoint}/statements` for …/xapi/), its query untouched', async () => {
    const res = await site.xapi({ method: 'GET', url: '/xapi//statements?limit=1&activity=https%3A%2F%2Fx.test%2F%2Fa' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ statements: [] });
  });

  it('refuses a missing or unsupported version header with 400, in its own error shape, naming the header', async () => {
    for (const version of [undefined, '0.95', '1.1.0', '3.0.0', 'x']) {
      const headers: Record<string, string> = { host: site.host, authorization: await site.newKey() };
      if (version !== undefined) headers['x-experience-api-version'] = version;
      const res = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers });
      expect(res.statusCode, String(version)).toBe(400);
      expect(res.headers['x-experience-api-version']).toBe('2.0.0');
      expect(res.json()).toMatchObject({ code: version === undefined ? 'LRS_VERSION_MISSING' : 'LRS_VERSION_UNSUPPORTED', field: 'X-Experience-API-Version' });
    }
  });

  it('answers 401 with a challenge (not a browser’s Basic prompt) without a key, with a wrong secret, with a revoked key and with another site’s key', async () => {
    const none = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { host: site.host, 'x-experience-api-version': '1.0.3' } });
    expect(none.statusCode).toBe(401);
    // A challenge, but no Basic prompt a browser would answer and then repeat for other sites' forms.
    expect(none.headers['www-authenticate']).toMatch(/^xAPI-Basic realm=/);
    const [key] = Buffer.from((await site.newKey()).slice(6), 'base64').toString().split(':');
    const wrong = await site.xapi({ method: 'GET', url: '/xapi/statements', headers: { authorization: basicOf(key!, 'not-the-secret') } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('LRS_KEY_INVALID');
    const foreign = await site.xapi({ method: 'GET', url: '/xapi/statements', headers: { authorization: await other.newKey() } });
    expect(foreign.statusCode).toBe(401);
  });

  it('counts guessed keys like every other credential: audited, and the address is banned (429 with Retry-After), even for the right key then', async () => {
    const guessed = await createLrsTestSite(ctx, 'lrs-scope-guessed');
    const right = await guessed.newKey();
    const [key] = Buffer.from(right.slice(6), 'base64').toString().split(':');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { host: guessed.host, 'x-experience-api-version': '1.0.3', authorization: basicOf(key!, `guess-${i}`) } });
      statuses.push(res.statusCode);
    }
    // The site's default: five wrong secrets for one key from one address ban that address for the key.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const banned = await ctx.app.inject({ method: 'GET', url: '/xapi/statements', headers: { host: guessed.host, 'x-experience-api-version': '1.0.3', authorization: right } });
    expect(banned.statusCode).toBe(429);
    expect(Number(banned.headers['retry-after'])).toBeGreaterThan(0);
    const audited = await queryRows<{ n: number }>(ctx.db.owner, sql`select count(*)::int as n from audit_events where tenant_id = ${guessed.tenant.id} and action = 'auth.lrs_key.failed'`);
    expect(audited[0]!.n).toBe(5);
  });

  it('lets an administrator make, list and revoke keys; a revoked key opens nothing at once; the secret is shown once', async () => {
    const cookie = await signInCookie(ctx.app, site.host, site.email, site.password);
    const made = await ctx.app.inject({ method: 'POST', url: '/api/lrs/keys', headers: { host: site.host, cookie }, payload: { name: 'Storyline course', scopes: ['statements/write', 'state'] } });
    expect(made.statusCode).toBe(201);
    const created = made.json();
    expect(created).toMatchObject({ name: 'Storyline course', scopes: ['statements/write', 'state'], endpoint: expect.stringMatching(/\/xapi\/$/) });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const basic = basicOf(created.key, created.secret);
    expect((await site.xapi({ method: 'GET', url: '/xapi/about', headers: { authorization: basic } })).statusCode).toBe(200);

    const list = await ctx.app.inject({ method: 'GET', url: '/api/lrs/keys', headers: { host: site.host, cookie } });
    expect(JSON.stringify(list.json())).not.toContain(created.secret);
    expect(list.json().keys.find((k: { id: string }) => k.id === created.id)).toMatchObject({ key: created.key, revokedAt: null });

    const revoked = await ctx.app.inject({ method: 'DELETE', url: `/api/lrs/keys/${created.id}`, headers: { host: site.host, cookie } });
    expect(revoked.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: `/api/lrs/keys`, headers: { host: site.host, cookie } });
    expect(after.json().keys.find((k: { id: string }) => k.id === created.id).revokedAt).not.toBeNull();

    const invalid = await ctx.app.inject({ method: 'POST', url: '/api/lrs/keys', headers: { host: site.host, cookie }, payload: { name: ' ', scopes: ['everything'] } });
    expect(invalid.statusCode).toBe(400);
  });

  it('names LECTERN_XAPI_UNNAMED_VERSION in answers to requests that name no version it speaks', async () => {
    const older = await createTestApp({ env: { LECTERN_XAPI_UNNAMED_VERSION: '1.0.3' } });
    try {
      const oldSite = await createLrsTestSite(older, 'lrs-scope-unnamed');
      const res = await older.app.inject({ method: 'GET', url: '/xapi/statements', headers: { host: oldSite.host, authorization: await oldSite.newKey() } });
      expect(res.statusCode).toBe(400);
      expect(res.headers['x-experience-api-version']).toBe('1.0.3');
    } finally {
      await older.close();
    }
  });

  it('answers CORS preflights for the LRS (any origin, no cookies) and never for the app’s API', async () => {
    const preflight = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/xapi/statements',
      headers: { host: site.host, origin: 'https://course.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,x-experience-api-version' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://course.example');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const api = await ctx.app.inject({ method: 'OPTIONS', url: '/api/lrs/keys', headers: { host: site.host, origin: 'https://course.example', 'access-control-request-method': 'POST' } });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a request without a valid key before reading its body (a body of 32 MiB announced, or chunked and never ended, is not waited for)', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const head = { host: site.host, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' };
    const [key] = Buffer.from((await site.newKey()).slice(6), 'base64').toString().split(':');
    const cases: [string, Record<string, string>, RegExp][] = [
      ['no key, 32 MiB announced', { ...head, 'content-length': String(32 * 1024 * 1024) }, /^HTTP\/1\.1 401 /],
      ['no key, chunked', { ...head, 'transfer-encoding': 'chunked' }, /^HTTP\/1\.1 401 /],
      ['a wrong secret', { ...head, 'content-length': String(32 * 1024 * 1024), authorization: basicOf(key!, 'not-the-secret') }, /^HTTP\/1\.1 401 /],
      // The version is checked first, as before: 400 without the header, whatever the credential.
      ['no version header', { host: site.host, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, /^HTTP\/1\.1 400 /],
    ];
    for (const [name, headers, status] of cases) {
      const answer = await answerToUnfinishedBody(port, headers);
      expect(answer, name).toMatch(status);
      expect(answer.toLowerCase(), name).toContain('connection: close');
    }
    // Not a resource of the LRS: refused before its body too.
    expect(await answerToUnfinishedBody(port, { ...head, 'transfer-encoding': 'chunked', authorization: await site.newKey() }, '/xapi/nothing-here')).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('still reads the credential of the alternate request syntax from its form', async () => {
    const basic = await site.newKey();
    const form = new URLSearchParams({ Authorization: basic, 'X-Experience-API-Version': '1.0.3' }).toString();
    const ok = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=GET', headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveProperty('statements');
    const wrong = new URLSearchParams({ Authorization: basicOf('nobody', 'nothing'), 'X-Experience-API-Version': '1.0.3' }).toString();
    const refused = await ctx.app.inject({ method: 'POST', url: '/xapi/statements?method=GET', headers: { host: site.host, 'content-type': 'application/x-www-form-urlencoded' }, payload: wrong });
    expect(refused.statusCode).toBe(401);
  });

  it('answers an unknown LRS resource 404 in its own shape', async () => {
    const res = await site.xapi({ method: 'GET', url: '/xapi/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('LRS_NOT_FOUND');
  });
});
