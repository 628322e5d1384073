import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/app.js';

describe('API reference', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { host: 'any.example' } });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/sign-in', '/api/auth/session', '/api/users/{id}', '/healthz', '/readyz']),
    );
    const signIn = doc.paths['/api/auth/sign-in'].post;
    expect(signIn.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(doc.paths['/api/users/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  it('serves a browsable reference page from our own origin', async () => {
    const { app } = ctx;
    const page = await app.inject({ method: 'GET', url: '/api/docs/', headers: { host: 'any.example' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toMatch(/src="https?:/);
  });
});
