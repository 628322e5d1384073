import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';

describe(`bad input gets a 4xx with a stable code, never a 500 (${engine})`, () => {
  let ctx: TestContext;
  let host: string;
  let cookie: string;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_BODY_LIMIT: '2048' } });
    const t = await createTenantWithUser(ctx.db, 'acme');
    host = t.host;
    cookie = await signInCookie(ctx.app, host, t.email, t.password);
  });
  afterAll(() => ctx.close());

  it('malformed JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host, 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", "password": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HTTP_MALFORMED_JSON');
  });

  it('an empty JSON body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host, 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HTTP_MALFORMED_JSON');
  });

  it('a wrong content type', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host, 'content-type': 'text/plain' },
      payload: 'email=a&password=b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('HTTP_UNSUPPORTED_MEDIA_TYPE');
  });

  it('an oversized body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(5000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('HTTP_BODY_TOO_LARGE');
  });

  it('an unknown API route', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/no-such-thing', headers: { host } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'HTTP_NOT_FOUND', requestId: expect.any(String) });
  });

  it('an unknown method on a known route', async () => {
    const res = await ctx.app.inject({ method: 'DELETE', url: '/api/tenant', headers: { host } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('HTTP_NOT_FOUND');
  });

  it('an invalid UUID in a path names the parameter', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: { host, cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.fields).toEqual([{ field: 'params.id', message: 'ID: must be an id of 32 hexadecimal digits in the form 8-4-4-4-12' }]);
  });

  it('a valid but unknown UUID is a 404 with its own code', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/users/${randomUUID()}`, headers: { host, cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('USER_NOT_FOUND');
  });

  it('validation errors name every field, in German when asked', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host, 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
      payload: { email: 42 },
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      { field: 'email', message: 'E-Mail-Adresse: muss ein Text sein' },
      { field: 'password', message: 'Passwort: fehlt' },
    ]);
    // The message says what to change too, for a form that shows only the message.
    expect(error.message).toBe('Einige Felder fehlen oder sind ungültig. E-Mail-Adresse: muss ein Text sein; Passwort: fehlt.');
  });

  it('an unknown host', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: 'nobody.example' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('TENANT_UNKNOWN_HOST');
  });

  it('a malformed Host header', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host: 'bad host!<script>' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HTTP_BAD_HOST');
  });

  it('an unexpected failure is a 500 with a code and no stack trace', async () => {
    // A broken dependency: the database closes under a running app.
    const isolated = await createTestApp();
    const t = await createTenantWithUser(isolated.db, 'brittle');
    await isolated.db.close();
    const res = await isolated.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { host: t.host },
      payload: { email: t.email, password: t.password },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL_ERROR');
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(res.body).not.toMatch(/stack/i);
    await isolated.app.close();
  });
});
