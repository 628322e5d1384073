import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../../../test/app.js';

describe('routes that carry secrets refuse plain HTTP in production', () => {
  let ctx: TestContext;
  let host: string;
  beforeAll(async () => {
    ctx = await createTestApp({ env: { NODE_ENV: 'production', LECTERN_CONTENT_ORIGIN: 'https://*.content.test' } });
    host = (await createTenantWithUser(ctx.db, 'acme')).host;
  });
  afterAll(() => ctx.close());

  it.each([
    ['POST', '/api/auth/sign-in'],
    ['POST', '/api/me/mfa/setup'],
    ['POST', '/api/me/tokens'],
    ['GET', '/api/me/tokens'],
    ['POST', '/api/tenant/password-policy/check'],
    ['POST', '/api/auth/password-reset/complete'],
    ['POST', '/api/auth/invitation/accept'],
    ['POST', '/api/me/password'],
    ['POST', '/api/me/sessions/end-others'],
    ['DELETE', `/api/me/sessions/${'a'.repeat(43)}`],
  ] as const)('%s %s', async (method, url) => {
    const res = await ctx.app.inject({ method, url, headers: { host }, ...(method === 'POST' ? { payload: {} } : {}) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('HTTP_TLS_REQUIRED');
  });

  it('routes without secrets still answer', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/tenant', headers: { host } });
    expect(res.statusCode).toBe(200);
  });
});
