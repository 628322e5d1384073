import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { documentedRoutes, targetOf } from '../../../test/openapi-routes.js';
import { createUser, requireNewPassword, resetPassword } from './users.service.js';

const SET_FOR_THEM = 'Given-Password-71';
const THEIR_OWN = 'Chosen-Later-2024';

/** The routes a user who must choose a new password may still call. */
const OPEN = ['GET /api/auth/session', 'GET /api/auth/session/status', 'POST /api/auth/session/keep-alive', 'POST /api/me/password'];

describe(`a password set for the user must be changed at the first sign-in (${engine})`, () => {
  let ctx: TestContext;
  let site: Awaited<ReturnType<typeof createTenantWithUser>>;
  let n = 0;

  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { host: site.host, ...(cookie ? { cookie } : {}) }, ...(payload ? { payload } : {}) });

  /** Signs in and returns the answer and the session cookie. */
  async function signIn(email: string, password: string) {
    const res = await request('POST', '/api/auth/sign-in', undefined, { email, password });
    const session = res.cookies.find((c) => c.name === 'lectern_session');
    return { res, cookie: session ? `lectern_session=${session.value}` : '' };
  }

  /** An administrator whose password was set for them (as the first administrator's is). */
  async function adminWithGivenPassword(): Promise<string> {
    const email = `given${++n}@acme.test`;
    const user = await createUser(ctx.db, site.tenant.id, { email, firstName: 'Gil', lastName: 'Keller', roles: ['admin', 'manager', 'learner'], password: SET_FOR_THEM });
    await requireNewPassword(ctx.db, site.tenant.id, user.id);
    return email;
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    site = await createTenantWithUser(ctx.db, 'acme');
  });
  afterAll(() => ctx.close());

  it('sign-in succeeds and says a new password is needed; the session route says so too', async () => {
    const email = await adminWithGivenPassword();
    const { res, cookie } = await signIn(email, SET_FOR_THEM);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { email }, passwordChangeRequired: true });
    const session = await request('GET', '/api/auth/session', cookie);
    expect(session.statusCode).toBe(200);
    expect(session.json().passwordChangeRequired).toBe(true);
  });

  it('every other signed-in route answers AUTH_PASSWORD_CHANGE_REQUIRED until then', async () => {
    const email = await adminWithGivenPassword();
    const { cookie } = await signIn(email, SET_FOR_THEM);
    const { cookie: normalCookie } = await signIn(site.email, site.password);
    const leaks: string[] = [];
    let refused = 0;
    for (const route of await documentedRoutes(ctx.app, site.host)) {
      if (route.method !== 'GET' && route.method !== 'DELETE') continue; // bodies are validated before the session is checked
      const url = targetOf(route);
      const anonymous = await request(route.method as 'GET', url);
      if (anonymous.statusCode !== 401) continue; // a route that needs no sign-in
      const res = await request(route.method as 'GET', url, cookie);
      const key = `${route.method} ${route.path}`;
      if (OPEN.includes(key)) {
        expect(res.statusCode, key).not.toBe(403);
        continue;
      }
      refused += 1;
      if (res.statusCode !== 403 || res.json().error.code !== 'AUTH_PASSWORD_CHANGE_REQUIRED') leaks.push(`${key} -> ${res.statusCode}`);
      // The same route for a user without the flag is not refused this way.
      const normal = await request(route.method as 'GET', url, normalCookie);
      expect(normal.statusCode === 403 && normal.json().error.code === 'AUTH_PASSWORD_CHANGE_REQUIRED', key).toBe(false);
    }
    expect(refused).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
    const german = await ctx.app.inject({ method: 'GET', url: '/api/me/sessions', headers: { host: site.host, cookie, 'accept-language': 'de' } });
    expect(german.json().error.message).toContain('neues Passwort');
    const token = await request('POST', '/api/me/tokens', cookie, { name: 'Tool', scopes: ['reports:read'], currentPassword: SET_FOR_THEM });
    expect(token.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  it('the change needs the current password, a different password and the policy; then everything works', async () => {
    const email = await adminWithGivenPassword();
    const { cookie } = await signIn(email, SET_FOR_THEM);
    const change = (currentPassword: string, newPassword: string) => request('POST', '/api/me/password', cookie, { currentPassword, newPassword });

    const wrong = await change('Not-The-One-1', THEIR_OWN);
    expect(wrong.json().error.code).toBe('AUTH_CURRENT_PASSWORD_WRONG');
    const same = await change(SET_FOR_THEM, SET_FOR_THEM);
    expect(same.statusCode).toBe(400);
    expect(same.json().error).toMatchObject({ code: 'USER_PASSWORD_UNCHANGED', fields: [{ field: 'newPassword' }] });
    const weak = await change(SET_FOR_THEM, 'weak');
    expect(weak.json().error.code).toBe('USER_PASSWORD_POLICY');
    expect((await request('GET', '/api/me/sessions', cookie)).statusCode).toBe(403);

    const changed = await change(SET_FOR_THEM, THEIR_OWN);
    expect(changed.statusCode).toBe(204);
    // The change gives the session a new id.
    const renewed = `lectern_session=${changed.cookies.find((c) => c.name === 'lectern_session')!.value}`;
    expect((await request('GET', '/api/me/sessions', renewed)).statusCode).toBe(200);
    expect((await request('GET', '/api/admin/users', renewed)).statusCode).toBe(200);
    expect((await request('GET', '/api/auth/session', renewed)).json().passwordChangeRequired).toBeUndefined();

    expect((await signIn(email, SET_FOR_THEM)).res.statusCode).toBe(401);
    const again = await signIn(email, THEIR_OWN);
    expect(again.res.statusCode).toBe(200);
    expect(again.res.json().passwordChangeRequired).toBeUndefined();
  });

  it('an operator\'s reset (lectern user reset-password) requires a new password again; users who chose theirs are not asked', async () => {
    const email = `chosen${++n}@acme.test`;
    await createUser(ctx.db, site.tenant.id, { email, firstName: 'Cho', lastName: 'Sen', roles: ['learner'], password: PASSWORD });
    expect((await signIn(email, PASSWORD)).res.json().passwordChangeRequired).toBeUndefined();
    await resetPassword(ctx.db, site.tenant.id, email, SET_FOR_THEM);
    const { res, cookie } = await signIn(email, SET_FOR_THEM);
    expect(res.json().passwordChangeRequired).toBe(true);
    expect((await request('GET', '/api/learn/me/enrolments', cookie)).json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });
});
