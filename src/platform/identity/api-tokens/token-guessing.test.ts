import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';

describe(`guessing API tokens is stopped like guessing passwords (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let validToken: string;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0' } });
    acme = await createTenantWithUser(ctx.db, 'acme');
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { host: acme.host, cookie },
      payload: { name: 'app', scopes: ['reports:read'], currentPassword: acme.password },
    });
    validToken = created.json().token;
  });
  afterAll(() => ctx.close());

  const me = (token: string, remoteAddress: string) =>
    ctx.app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host, authorization: `Bearer ${token}` }, remoteAddress });

  it('an address that keeps sending forged tokens is banned; a valid token from elsewhere still works', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      statuses.push((await me(`lct_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`, '203.0.113.50')).statusCode);
    }
    // Each forged token names another "account" (its prefix): after stuffingMaxAccounts (10) the address is banned.
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBe(10);
    expect(statuses.slice(0, firstRefusal).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    const banned = await me('lct_00000000_forged', '203.0.113.50');
    expect(banned.json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect((await me(validToken, '198.51.100.20')).statusCode).toBe(200);
  });
});
