import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { rawExchange } from '../../../test/process.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: { enum?: unknown[]; format?: string; type?: string };
}

const WITH_NUL = 'a%00b';

/** A value the parameter's schema accepts, so that only the NUL can be the problem. */
function validValue(parameter: Parameter): string {
  const schema = parameter.schema ?? {};
  if (schema.enum?.length) return encodeURIComponent(String(schema.enum[0]));
  if (schema.format === 'uuid' || /id$/i.test(parameter.name)) return '00000000-0000-4000-8000-000000000000';
  if (schema.type === 'integer' || schema.type === 'number') return '1';
  if (schema.type === 'boolean') return 'true';
  if (schema.format === 'date-time' || schema.format === 'date') return '2030-01-01';
  return 'a';
}

/** The request target with NUL in `target` and valid values in every other required parameter. */
function urlWith(path: string, parameters: Parameter[], target: Parameter): string {
  let url = path;
  const query: string[] = [];
  for (const p of parameters) {
    const value = p === target ? WITH_NUL : validValue(p);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, value);
    else if (p.in === 'query' && (p === target || p.required)) query.push(`${encodeURIComponent(p.name)}=${value}`);
  }
  return query.length > 0 ? `${url}?${query.join('&')}` : url;
}

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
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { host } })).json() as {
      paths: Record<string, { get?: { parameters?: Parameter[] } }>;
    };
    const answers: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      // A wildcard path parameter is named `*` (`/content/{versionId}/{*}`).
      const parameters = (operations.get?.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query').map((p) => (p.name === '*' ? { ...p, name: 'wildcard' } : p));
      for (const target of parameters) {
        const url = urlWith(path.replace('{*}', '{wildcard}'), parameters, target);
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
