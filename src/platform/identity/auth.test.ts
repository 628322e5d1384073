import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import { eq } from 'drizzle-orm';
import { sessions, users } from './identity.schema.js';

describe(`sign-in and sessions (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    globex = await createTenantWithUser(ctx.db, 'globex', { email: 'learner@globex.test', roles: ['learner'] });
  });
  afterAll(() => ctx.close());

  const signIn = (host: string, email: string, password: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host, ...headers }, payload: { email, password } });

  it('signs in with e-mail and password and sets an HttpOnly, SameSite session cookie', async () => {
    const res = await signIn(acme.host, acme.email, acme.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: expect.any(String), email: 'admin@acme.test', firstName: 'Ada', lastName: 'acme', roles: ['admin'] },
      tenant: { name: 'ACME', slug: 'acme' },
    });
    const cookie = res.cookies.find((c) => c.name === 'lectern_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the e-mail is matched without regard to case and surrounding blanks', async () => {
    expect((await signIn(acme.host, '  ADMIN@Acme.Test ', acme.password)).statusCode).toBe(200);
  });

  it('stores only a digest of the session id', async () => {
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const id = cookie.split('=')[1]!;
    const rows = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ id_hash: string }>(tx, sql`select id_hash from ${sessions}`),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id_hash)).not.toContain(id);
  });

  it('the session endpoint tells who is signed in, and sign-out ends the session', async () => {
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('admin@acme.test');

    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { host: acme.host, cookie }, payload: {} });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'lectern_session')?.value).toBe('');

    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('without a cookie the session endpoint asks to sign in', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('a wrong password and an unknown account get the same answer', async () => {
    const wrong = await signIn(acme.host, acme.email, 'Wrong-Password-1');
    const unknown = await signIn(acme.host, 'nobody@acme.test', 'Wrong-Password-1');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(res.cookies).toEqual([]);
    }
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it("an account of one tenant cannot sign in on another tenant's host", async () => {
    const res = await signIn(globex.host, acme.email, acme.password);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it("a session cookie from one tenant's host is refused on another's", async () => {
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: globex.host, cookie } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a password over 1 KB before hashing it', async () => {
    const res = await signIn(acme.host, acme.email, 'A1' + 'x'.repeat(1100));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'password', message: expect.stringContaining('1024') }]);
  });

  it('an idle session ends after 20 minutes', async () => {
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.update(sessions).set({ lastSeenAt: new Date(Date.now() - 21 * 60_000) }),
    );
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('a session past its absolute lifetime is refused', async () => {
    const cookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }));
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a state-changing request sent from another site', async () => {
    const res = await signIn(acme.host, acme.email, acme.password, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_CROSS_ORIGIN');
    const fetchSite = await signIn(acme.host, acme.email, acme.password, { 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.statusCode).toBe(403);
    const sameOrigin = await signIn(acme.host, acme.email, acme.password, { origin: `http://${acme.host}` });
    expect(sameOrigin.statusCode).toBe(200);
  });

  it('a learner may see themself but not another user', async () => {
    const cookie = await signInCookie(ctx.app, globex.host, globex.email, globex.password);
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: globex.host, cookie } })).json();
    const self = await ctx.app.inject({ method: 'GET', url: `/api/users/${me.user.id}`, headers: { host: globex.host, cookie } });
    expect(self.statusCode).toBe(200);
    const adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const adminMe = (await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: acme.host, cookie: adminCookie } })).json();
    const other = await ctx.app.inject({ method: 'GET', url: `/api/users/${adminMe.user.id}`, headers: { host: globex.host, cookie } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it("an administrator cannot read another tenant's user through the API", async () => {
    const learner = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/session',
        headers: { host: globex.host, cookie: await signInCookie(ctx.app, globex.host, globex.email, globex.password) },
      })
    ).json();
    const adminCookie = await signInCookie(ctx.app, acme.host, acme.email, acme.password);
    const res = await ctx.app.inject({ method: 'GET', url: `/api/users/${learner.user.id}`, headers: { host: acme.host, cookie: adminCookie } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('USER_NOT_FOUND');
  });

  it('upgrades a hash made with older parameters at the next sign-in', async () => {
    const argon2 = await import('argon2');
    const old = await argon2.default.hash(acme.password, { type: argon2.default.argon2id, memoryCost: 8192, timeCost: 3, parallelism: 2 });
    await ctx.db.withTenant(acme.tenant.id, (tx) => tx.update(users).set({ passwordHash: old }).where(eq(users.email, acme.email)));
    expect((await signIn(acme.host, acme.email, acme.password)).statusCode).toBe(200);
    const [row] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.select({ hash: users.passwordHash }).from(users).where(eq(users.email, acme.email)),
    );
    expect(row?.hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await signIn(acme.host, acme.email, acme.password)).statusCode).toBe(200);
  });

  it('SQL and script in the sign-in fields are just wrong credentials', async () => {
    for (const hostile of ["' OR '1'='1", "admin@acme.test'--", '"; DROP TABLE users; --', '<script>alert(1)</script>', '%00']) {
      const res = await signIn(acme.host, hostile, hostile);
      expect(res.statusCode, hostile).toBe(401);
      expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    expect((await signIn(acme.host, acme.email, acme.password)).statusCode).toBe(200);
  });

  it('a NUL character in any field is a clear 400, not a database error', async () => {
    const res = await signIn(acme.host, 'admin@acme.test\u0000', acme.password);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HTTP_NUL_CHARACTER');
  });

  it('the e-mail matches in Unicode normal form, and zero-width characters do not sneak past it', async () => {
    const res = await signIn(acme.host, 'admin\u200B@acme.test', acme.password);
    expect(res.statusCode).toBe(401);
  });
});
