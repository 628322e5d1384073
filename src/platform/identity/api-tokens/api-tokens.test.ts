import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../app.js';
import { createTenantWithUser, fakeWebDir, PASSWORD, signInCookie, testConfig } from '../../../../test/app.js';
import { createTestDb, engine } from '../../../../test/db.js';
import { auditEvents } from '../../audit/audit.schema.js';
import { queryRows, type Db } from '../../db/client.js';
import { apiTokens, users } from '../identity.schema.js';
import { userOf } from '../session-guard.js';
import { codeAt } from '../mfa/totp.js';
import { createUser } from '../users.service.js';
import { requireToken } from './token-guard.js';
import type { onRequestAsyncHookHandler } from 'fastify';
import { actorOf, allow, markPolicyGuard } from '../../access/policy-guard.js';
import { definePolicy } from '../../access/policy.js';

const client = { ip: '198.51.100.23', userAgent: 'AuthoringTool/3.2' };

/** What the test routes below ask, as any area's policy would. */
const testPolicy = definePolicy('test.tokens', {
  readReports: { roles: 'signedIn', token: 'reports:read' },
  sendStatements: { roles: 'signedIn', token: 'lrs:write' },
});

describe(`API tokens (${engine})`, () => {
  let db: Db;
  let app: App;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let globex: Awaited<ReturnType<typeof createTenantWithUser>>;
  let adminCookie: string;
  let learnerCookie: string;

  beforeAll(async () => {
    db = await createTestDb();
    app = await buildApp({ config: testConfig(), db, logger: false, webDir: fakeWebDir() });
    // Two routes that need a particular scope, to prove the guard as a route of any area would use it.
    app.get('/api/test/reports', { onRequest: allow(db, testPolicy, 'readReports') }, async (request) => ({
      email: userOf(request).email,
    }));
    // A token-only route (an area's own guard, marked with the policy it asks).
    const tokenOnly = requireToken(db, 'lrs:write');
    const statementsGuard: onRequestAsyncHookHandler = async function (request, reply) {
      await tokenOnly.call(this, request, reply);
      testPolicy.assert(actorOf(request), 'sendStatements');
    };
    app.post('/api/test/statements', { onRequest: markPolicyGuard(statementsGuard, testPolicy, 'sendStatements') }, async () => ({ stored: true }));
    await app.ready();
    acme = await createTenantWithUser(db, 'acme');
    globex = await createTenantWithUser(db, 'globex');
    await createUser(db, acme.tenant.id, { email: 'learner@acme.test', firstName: 'Lea', lastName: 'Rner', roles: ['learner'], password: PASSWORD });
    adminCookie = await signInCookie(app, acme.host, acme.email, PASSWORD);
    learnerCookie = await signInCookie(app, acme.host, 'learner@acme.test', PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** Creating a token asks for the current password (every user here has PASSWORD). */
  const create = (cookie: string, payload: object, host = acme.host) =>
    app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { host, cookie, 'user-agent': client.userAgent },
      payload: { currentPassword: PASSWORD, ...payload },
      remoteAddress: client.ip,
    });
  async function newToken(payload: object = { name: 'Publisher', scopes: ['content:publish'] }, cookie = adminCookie) {
    const res = await create(cookie, payload);
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; token: string; prefix: string; scopes: string[]; expiresAt: string };
  }
  const withToken = (token: string, url = '/api/me', host = acme.host) =>
    app.inject({ method: 'GET', url, headers: { host, authorization: `Bearer ${token}` }, remoteAddress: client.ip });
  const listOwn = async (cookie = adminCookie) =>
    (await app.inject({ method: 'GET', url: '/api/me/tokens', headers: { host: acme.host, cookie } })).json().tokens as Record<string, unknown>[];
  const auditOf = (action: string, tenantId = acme.tenant.id) =>
    db.withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(auditEvents.id));
  const expectInvalid = (res: Awaited<ReturnType<typeof withToken>>) => {
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_TOKEN_INVALID');
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  };

  it('creates a token that authenticates GET /api/me, shown in full only in the answer that created it', async () => {
    const before = Date.now();
    const res = await create(adminCookie, { name: '  iSpring Suite  ', scopes: ['content:publish', 'reports:read'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json();
    expect(created.token).toMatch(/^lct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'iSpring Suite', prefix: created.token.slice(0, 12), scopes: ['content:publish', 'reports:read'], lastUsedAt: null, revokedAt: null });
    const lifetimeDays = (Date.parse(created.expiresAt) - before) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(89.99);
    expect(lifetimeDays).toBeLessThan(90.01);

    const me = await withToken(created.token);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: { id: expect.any(String), email: acme.email, firstName: 'Ada', lastName: 'acme', roles: ['admin'] },
      tenant: { name: 'ACME', slug: 'acme' },
      authentication: { method: 'token', tokenId: created.id, scopes: ['content:publish', 'reports:read'] },
    });

    const secret = created.token.slice(13);
    const listed = await listOwn();
    expect(listed.find((t) => t.id === created.id)).toEqual({
      id: created.id,
      name: 'iSpring Suite',
      prefix: created.prefix,
      scopes: ['content:publish', 'reports:read'],
      createdAt: created.createdAt,
      expiresAt: created.expiresAt,
      lastUsedAt: expect.any(String),
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(secret);

    const [event] = (await auditOf('api_token.created')).filter((e) => e.targetId === created.id);
    expect(event).toMatchObject({
      actorUserId: me.json().user.id,
      actorIp: client.ip,
      userAgent: client.userAgent,
      targetType: 'api_token',
      details: { name: 'iSpring Suite', prefix: created.prefix, scopes: ['content:publish', 'reports:read'] },
    });
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('the session still answers GET /api/me', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host, cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().authentication).toEqual({ method: 'session' });
    const anonymous = await app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('stores only a digest of the token', async () => {
    const { id, token } = await newToken();
    const rows = await db.withTenant(acme.tenant.id, (tx) =>
      queryRows<Record<string, unknown>>(tx, sql`select * from ${apiTokens} where id = ${id}`),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(rows[0])).not.toContain(token.slice(13));
  });

  it('an expired token is refused', async () => {
    const { id, token } = await newToken({ name: 'Short', scopes: ['reports:read'], expiresInDays: 1 });
    expect((await withToken(token)).statusCode).toBe(200);
    await db.withTenant(acme.tenant.id, (tx) => tx.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id)));
    expectInvalid(await withToken(token));
  });

  it('a revoked token is refused at once; revoking twice changes nothing', async () => {
    const { id, token } = await newToken();
    const revoke = () => app.inject({ method: 'DELETE', url: `/api/me/tokens/${id}`, headers: { host: acme.host, cookie: adminCookie, 'user-agent': client.userAgent }, remoteAddress: client.ip });
    expect((await revoke()).statusCode).toBe(204);
    expectInvalid(await withToken(token));
    expect((await listOwn()).find((t) => t.id === id)?.revokedAt).toEqual(expect.any(String));
    expect((await revoke()).statusCode).toBe(204);
    const events = (await auditOf('api_token.revoked')).filter((e) => e.targetId === id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorIp: client.ip, userAgent: client.userAgent, targetType: 'api_token', details: { byAdmin: false } });
  });

  it('forged tokens get the same refusal as expired and revoked ones', async () => {
    const { token } = await newToken();
    const rightPrefixWrongSecret = `${token.slice(0, 13)}${'A'.repeat(43)}`;
    const wellFormedUnknown = `lct_00000000_${'b'.repeat(43)}`;
    const answers = await Promise.all(
      ['not-a-token', rightPrefixWrongSecret, wellFormedUnknown, token.slice(0, -1), `${token}x`].map((t) => withToken(t)),
    );
    for (const res of answers) expectInvalid(res);
    expect(new Set(answers.map((r) => r.json().error.message)).size).toBe(1);
    const emptyBearer = await app.inject({ method: 'GET', url: '/api/me', headers: { host: acme.host, authorization: 'Bearer' } });
    expectInvalid(emptyBearer);
  });

  it("a token of one site is refused on another site's host", async () => {
    const { token } = await newToken();
    expect((await withToken(token)).statusCode).toBe(200);
    expectInvalid(await withToken(token, '/api/me', globex.host));
  });

  it('a token without the scope a route needs is refused with AUTH_TOKEN_SCOPE', async () => {
    const { token } = await newToken({ name: 'Publisher', scopes: ['content:publish'] });
    const refused = await withToken(token, '/api/test/reports');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'AUTH_TOKEN_SCOPE', fields: [{ field: 'scope', value: 'reports:read' }] });
    expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');

    const reports = await newToken({ name: 'Reports', scopes: ['reports:read'] });
    const allowed = await withToken(reports.token, '/api/test/reports');
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ email: acme.email });
  });

  it('a token-only route refuses a session cookie, and token requests are not subject to the cross-site check', async () => {
    const { token } = await newToken({ name: 'LRS', scopes: ['lrs:write'] });
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/test/statements', headers: { host: acme.host, ...headers }, payload: {} });
    const byToken = await post({ authorization: `Bearer ${token}`, origin: 'https://authoring.example' });
    expect(byToken.statusCode).toBe(200);
    const byCookie = await post({ cookie: adminCookie });
    expect(byCookie.statusCode).toBe(401);
    expect(byCookie.json().error.code).toBe('AUTH_REQUIRED');
    // With a cookie present the request is judged as a browser's, whatever else it carries.
    const cookieAndToken = await post({ authorization: `Bearer ${token}`, cookie: adminCookie, origin: 'https://evil.example' });
    expect(cookieAndToken.statusCode).toBe(403);
    expect(cookieAndToken.json().error.code).toBe('AUTH_CROSS_ORIGIN');
  });

  it('a token cannot manage tokens or two-factor sign-in', async () => {
    const { token } = await newToken({ name: 'All', scopes: ['content:publish', 'reports:read', 'users:read', 'lrs:write'] });
    const headers = { host: acme.host, authorization: `Bearer ${token}` };
    const mint = await app.inject({ method: 'POST', url: '/api/me/tokens', headers, payload: { name: 'x', scopes: ['reports:read'] } });
    expect(mint.statusCode).toBe(401);
    expect(mint.json().error.code).toBe('AUTH_REQUIRED');
    const mfa = await app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers, payload: { password: PASSWORD } });
    expect(mfa.statusCode).toBe(401);
  });

  it('a token with users:read reads the user directory; its user must still be allowed to', async () => {
    const learner = await db.withTenant(acme.tenant.id, (tx) => tx.select({ id: users.id }).from(users).where(eq(users.email, 'learner@acme.test')));
    const learnerId = learner[0]!.id;
    const admin = await newToken({ name: 'Directory', scopes: ['users:read'] });
    const list = await withToken(admin.token, '/api/admin/users?q=learner');
    expect(list.statusCode).toBe(200);
    expect(list.json().users).toEqual([expect.objectContaining({ email: 'learner@acme.test' })]);
    expect((await withToken(admin.token, `/api/users/${learnerId}`)).json()).toMatchObject({ email: 'learner@acme.test' });

    // Another scope is not enough.
    const reports = await newToken({ name: 'Reports', scopes: ['reports:read'] });
    expect((await withToken(reports.token, '/api/admin/users')).json().error.code).toBe('AUTH_TOKEN_SCOPE');
    expect((await withToken(reports.token, `/api/users/${learnerId}`)).json().error.code).toBe('AUTH_TOKEN_SCOPE');

    // The scope grants no more than the roles: a learner's token reads only the learner.
    const own = await newToken({ name: 'Mine', scopes: ['users:read'] }, learnerCookie);
    expect((await withToken(own.token, '/api/admin/users')).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await withToken(own.token, `/api/users/${learnerId}`)).statusCode).toBe(200);
    const adminId = (await withToken(admin.token, '/api/me')).json().user.id;
    expect((await withToken(own.token, `/api/users/${adminId}`)).json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('when the site requires two-factor sign-in of administrators, one without it can neither make nor use tokens until set up', async () => {
    const strict = await createTenantWithUser(db, 'strict-tokens');
    const cookie = await signInCookie(app, strict.host, strict.email, PASSWORD);
    const headers = { host: strict.host, cookie };
    const made = await create(cookie, { name: 'Before', scopes: ['reports:read', 'users:read'] }, strict.host);
    expect(made.statusCode).toBe(201);
    const before: string = made.json().token;
    const use = (url: string) => withToken(before, url, strict.host);
    expect((await use('/api/admin/users')).statusCode).toBe(200);

    const patch = await app.inject({ method: 'PATCH', url: '/api/admin/settings', headers, payload: { security: { requireMfaFor: ['admin'] } } });
    expect(patch.statusCode).toBe(200);
    for (const url of ['/api/me', '/api/admin/users', '/api/learn/reports/courses']) {
      const refused = await use(url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    }
    const refusedCreation = await create(cookie, { name: 'After', scopes: ['reports:read'] }, strict.host);
    expect(refusedCreation.statusCode).toBe(403);
    expect(refusedCreation.json().error.code).toBe('AUTH_MFA_ENROLMENT_REQUIRED');
    // A learner of the same site is not concerned.
    await createUser(db, strict.tenant.id, { email: 'learner@strict.test', firstName: 'Lea', lastName: 'Rner', roles: ['learner'], password: PASSWORD });
    expect((await create(await signInCookie(app, strict.host, 'learner@strict.test', PASSWORD), { name: 'L', scopes: ['users:read'] }, strict.host)).statusCode).toBe(201);

    // Once the administrator has set up an app, the old token works again and new ones can be made.
    const setup = await app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers, payload: { password: PASSWORD } });
    const enable = await app.inject({ method: 'POST', url: '/api/me/mfa/enable', headers, payload: { code: codeAt(setup.json().secret, Date.now()) } });
    expect(enable.statusCode).toBe(200);
    expect((await use('/api/admin/users')).statusCode).toBe(200);
    const recoveryCode: string = enable.json().recoveryCodes[0];
    expect((await create(cookie, { name: 'After', scopes: ['reports:read'], recoveryCode }, strict.host)).statusCode).toBe(201);
  });

  it('making a token asks for the current password, and with two-factor sign-in a code or recovery code as well', async () => {
    await createUser(db, acme.tenant.id, { email: 'tina@acme.test', firstName: 'Tina', lastName: 'T', roles: ['learner'], password: PASSWORD });
    const cookie = await signInCookie(app, acme.host, 'tina@acme.test', PASSWORD);
    const token = { name: 'Script', scopes: ['reports:read'] };
    const fieldsOf = (res: { json(): { error: { fields: { field: string }[] } } }) => res.json().error.fields.map((f) => f.field);

    const missing = await app.inject({ method: 'POST', url: '/api/me/tokens', headers: { host: acme.host, cookie }, payload: token });
    expect(missing.statusCode).toBe(400);
    expect(fieldsOf(missing)).toEqual(['currentPassword']);
    const wrong = await create(cookie, { ...token, currentPassword: 'Wrong-Horse-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('AUTH_CURRENT_PASSWORD_WRONG');
    expect(fieldsOf(wrong)).toEqual(['currentPassword']);
    expect(await listOwn(cookie)).toHaveLength(0);
    expect((await create(cookie, token)).statusCode).toBe(201);

    // With two-factor sign-in the password alone is not enough.
    const headers = { host: acme.host, cookie };
    const setup = await app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers, payload: { password: PASSWORD } });
    const enable = await app.inject({ method: 'POST', url: '/api/me/mfa/enable', headers, payload: { code: codeAt(setup.json().secret, Date.now()) } });
    const recoveryCodes: string[] = enable.json().recoveryCodes;
    const passwordOnly = await create(cookie, token);
    expect(passwordOnly.statusCode).toBe(400);
    expect(passwordOnly.json().error.code).toBe('MFA_CODE_REQUIRED');
    expect(fieldsOf(passwordOnly)).toEqual(['code']);
    const wrongCode = await create(cookie, { ...token, recoveryCode: 'zzzz-zzzz-zzzz-zzzz-zzzz-zzzz' });
    expect(wrongCode.statusCode).toBe(403);
    expect(wrongCode.json().error.code).toBe('MFA_CODE_INVALID');
    expect(await listOwn(cookie)).toHaveLength(1);
    expect((await create(cookie, { ...token, recoveryCode: recoveryCodes[0] })).statusCode).toBe(201);
    expect(await listOwn(cookie)).toHaveLength(2);
  });

  it('records the last use, at most once a minute', async () => {
    const { id, token } = await newToken();
    const lastUse = async () =>
      (await db.withTenant(acme.tenant.id, (tx) => tx.select({ at: apiTokens.lastUsedAt, ip: apiTokens.lastUsedIp }).from(apiTokens).where(eq(apiTokens.id, id))))[0]!;
    expect(await lastUse()).toEqual({ at: null, ip: null });
    await withToken(token);
    const first = await lastUse();
    expect(first.ip).toBe(client.ip);
    expect(Math.abs(first.at!.getTime() - Date.now())).toBeLessThan(60_000);

    const thirtySecondsAgo = new Date(first.at!.getTime() - 30_000);
    await db.withTenant(acme.tenant.id, (tx) => tx.update(apiTokens).set({ lastUsedAt: thirtySecondsAgo }).where(eq(apiTokens.id, id)));
    await withToken(token);
    expect((await lastUse()).at).toEqual(thirtySecondsAgo);

    const twoMinutesAgo = new Date(first.at!.getTime() - 120_000);
    await db.withTenant(acme.tenant.id, (tx) => tx.update(apiTokens).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiTokens.id, id)));
    await withToken(token);
    expect((await lastUse()).at!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it("a deactivated user's tokens stop working", async () => {
    const email = 'leaver@acme.test';
    await createUser(db, acme.tenant.id, { email, firstName: 'Lee', lastName: 'Ver', roles: ['instructor'], password: PASSWORD });
    const { token } = await newToken({ name: 'Mine', scopes: ['content:publish'] }, await signInCookie(app, acme.host, email, PASSWORD));
    expect((await withToken(token)).statusCode).toBe(200);
    await db.withTenant(acme.tenant.id, (tx) => tx.update(users).set({ status: 'deactivated' }).where(eq(users.email, email)));
    expectInvalid(await withToken(token));
  });

  it('refuses unknown scopes, out-of-range lifetimes and empty names, naming the field', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', scopes: ['admin:all'] }, 'scopes.0'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['reports:read', 'reports:read'] }, 'scopes'],
      [{ name: 'x', scopes: ['reports:read'], expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', scopes: ['reports:read'], expiresInDays: 366 }, 'expiresInDays'],
      [{ name: '   ', scopes: ['reports:read'] }, 'name'],
    ];
    for (const [payload, field] of cases) {
      const res = await create(adminCookie, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const year = await create(adminCookie, { name: 'Year', scopes: ['reports:read'], expiresInDays: 365 });
    expect(year.statusCode).toBe(201);
  });

  it('administrators list and revoke the tokens of every user of their site, and only of their site', async () => {
    const learnerToken = await newToken({ name: 'Learner app', scopes: ['reports:read'] }, learnerCookie);
    const list = await app.inject({ method: 'GET', url: '/api/admin/tokens', headers: { host: acme.host, cookie: adminCookie } });
    expect(list.statusCode).toBe(200);
    const entry = list.json().tokens.find((t: { id: string }) => t.id === learnerToken.id);
    expect(entry).toMatchObject({ name: 'Learner app', user: { email: 'learner@acme.test', firstName: 'Lea' } });
    expect(JSON.stringify(list.json())).not.toContain(learnerToken.token.slice(13));

    const learnerId = entry.user.id;
    const filtered = await app.inject({ method: 'GET', url: `/api/admin/tokens?userId=${learnerId}`, headers: { host: acme.host, cookie: adminCookie } });
    expect(filtered.json().tokens.every((t: { user: { id: string } }) => t.user.id === learnerId)).toBe(true);

    const asLearner = await app.inject({ method: 'GET', url: '/api/admin/tokens', headers: { host: acme.host, cookie: learnerCookie } });
    expect(asLearner.statusCode).toBe(403);
    expect(asLearner.json().error.code).toBe('AUTH_FORBIDDEN');

    // A learner cannot revoke another user's token through their own endpoint.
    const adminToken = await newToken();
    const notTheirs = await app.inject({ method: 'DELETE', url: `/api/me/tokens/${adminToken.id}`, headers: { host: acme.host, cookie: learnerCookie } });
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.json().error.code).toBe('API_TOKEN_NOT_FOUND');
    expect((await withToken(adminToken.token)).statusCode).toBe(200);

    // Another site's administrator sees nothing of this site.
    const globexCookie = await signInCookie(app, globex.host, globex.email, PASSWORD);
    const foreign = await app.inject({ method: 'DELETE', url: `/api/admin/tokens/${learnerToken.id}`, headers: { host: globex.host, cookie: globexCookie } });
    expect(foreign.statusCode).toBe(404);
    const foreignList = await app.inject({ method: 'GET', url: '/api/admin/tokens', headers: { host: globex.host, cookie: globexCookie } });
    expect(foreignList.json().tokens).toEqual([]);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/admin/tokens/${learnerToken.id}`,
      headers: { host: acme.host, cookie: adminCookie, 'user-agent': client.userAgent },
      remoteAddress: client.ip,
    });
    expect(revoked.statusCode).toBe(204);
    expectInvalid(await withToken(learnerToken.token));
    const [event] = (await auditOf('api_token.revoked')).filter((e) => e.targetId === learnerToken.id);
    expect(event).toMatchObject({ actorIp: client.ip, userAgent: client.userAgent, details: { ownerUserId: learnerId, byAdmin: true } });
    expect(event?.actorUserId).not.toBe(learnerId);
  });

  it('a user holds at most 50 active tokens', async () => {
    const email = 'busy@acme.test';
    await createUser(db, acme.tenant.id, { email, firstName: 'Bu', lastName: 'Sy', roles: ['instructor'], password: PASSWORD });
    const cookie = await signInCookie(app, acme.host, email, PASSWORD);
    for (let i = 0; i < 50; i++) expect((await create(cookie, { name: `t${i}`, scopes: ['reports:read'] })).statusCode).toBe(201);
    const over = await create(cookie, { name: 'one too many', scopes: ['reports:read'] });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('API_TOKEN_LIMIT');
    const [first] = await listOwn(cookie);
    await app.inject({ method: 'DELETE', url: `/api/me/tokens/${first!.id}`, headers: { host: acme.host, cookie } });
    expect((await create(cookie, { name: 'room again', scopes: ['reports:read'] })).statusCode).toBe(201);
  });
});
