import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { sessions } from './identity.schema.js';
import { forgetAllSessions } from './session-cache.js';

describe(`the end of a session in the browser (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
  });
  afterAll(() => ctx.close());

  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie?: string) =>
    ctx.app.inject({ method, url, headers: { host: acme.host, ...(cookie ? { cookie } : {}) }, ...(method === 'POST' ? { payload: {} } : {}) });

  it('sign-out asks the browser to drop the cache and storage of the site, but not the cookies of sibling sites', async () => {
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const out = await send('POST', '/api/auth/sign-out', cookie);
    expect(out.statusCode).toBe(204);
    expect(out.headers['clear-site-data']).toBe('"cache", "storage"');
    expect(out.cookies.find((c) => c.name === 'lectern_session')?.value).toBe('');
  });

  it('an expired session, and ending the current session from the list, ask the same', async () => {
    const expiring = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }));
    forgetAllSessions(); // the row was changed behind the application's back
    const expired = await send('GET', '/api/auth/session', expiring);
    expect(expired.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    expect(expired.headers['clear-site-data']).toBe('"cache", "storage"');

    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const current = (await send('GET', '/api/me/sessions', cookie)).json().find((s: { current: boolean }) => s.current);
    const ended = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/me/sessions/${current.id}`,
      headers: { host: acme.host, cookie },
      payload: { currentPassword: acme.password },
    });
    expect(ended.statusCode).toBe(204);
    expect(ended.headers['clear-site-data']).toBe('"cache", "storage"');
  });

  it('answers that end no session clear nothing', async () => {
    expect((await send('GET', '/api/auth/session')).headers['clear-site-data']).toBeUndefined();
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: acme.host }, payload: { email: acme.email, password: acme.password } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers['clear-site-data']).toBeUndefined();
  });
});
