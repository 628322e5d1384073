import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { documentedRoutes, targetOf } from '../../../test/openapi-routes.js';
import { rawExchange } from '../../../test/process.js';

const WITH_NUL = 'a%00b';

describe(`NUL characters in the path, query or headers get 400 HTTP_NUL_CHARACTER on every route (${engine})`, () => {
  let ctx: TestContext;
  let host: string;
  let cookie: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const site = await createTenantWithUser(ctx.db, 'acme', { roles: ['admin', 'manager', 'learner'] });
    host = site.host;
    cookie = await signInCookie(ctx.app, host, site.email, site.password);
  });
  afterAll(() => ctx.close());

  it('each query and path parameter of every GET route of the OpenAPI document, signed in with every role', async () => {
    const answers: string[] = [];
    let checked = 0;
    for (const route of (await documentedRoutes(ctx.app, host)).filter((r) => r.method === 'GET')) {
      for (const target of route.parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
        const url = targetOf(route, new Map([[target, WITH_NUL]]));
        const res = await ctx.app.inject({ method: 'GET', url, headers: { host, cookie } });
        checked += 1;
        const code = res.statusCode >= 400 ? (res.json() as { error: { code: string } }).error.code : '';
        if (res.statusCode !== 400 || code !== 'HTTP_NUL_CHARACTER') answers.push(`${url} -> ${res.statusCode} ${code}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(answers).toEqual([]);
  });

  it('names where the NUL was, in German too', async () => {
    const query = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=x%00', headers: { host, cookie, 'accept-language': 'de' } });
    expect(query.statusCode).toBe(400);
    expect(query.json().error).toMatchObject({ code: 'HTTP_NUL_CHARACTER', fields: [{ field: 'query', message: expect.stringContaining('NUL-Zeichen') }] });
    const path = await ctx.app.inject({ method: 'GET', url: '/api/nothing%00here?q=1', headers: { host } });
    expect(path.json().error).toMatchObject({ code: 'HTTP_NUL_CHARACTER', fields: [{ field: 'path' }] });
    // An encoded percent sign followed by "00" is no NUL.
    const literal = await ctx.app.inject({ method: 'GET', url: '/api/admin/users?q=%2500', headers: { host, cookie } });
    expect(literal.statusCode).toBe(200);
  });

  it('a header with a NUL never reaches a handler: refused as a malformed request with a stable code', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (ctx.app.server.address() as { port: number }).port;
    const answer = await rawExchange(port, `GET /api/tenant HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: a\u0000b\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"HTTP_BAD_REQUEST"');
    const injected = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host, 'x-anything': 'a\u0000b' } });
    expect(injected.statusCode).toBe(400);
    expect(injected.json().error).toMatchObject({ code: 'HTTP_NUL_CHARACTER', fields: [{ field: 'header' }] });
  });
});
