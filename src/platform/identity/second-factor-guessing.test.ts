import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { queryRows } from '../db/client.js';
import type { Tenant } from '../tenancy/tenants.repository.js';
import { createTenant } from '../tenancy/tenants.service.js';
import { codeAt } from './mfa/totp.js';
import { createUser } from './users.service.js';

const STEP_MS = 30_000;
/** A code differing from the current one (it could match a neighbouring step with odds of 2 in a million). */
const wrongCode = (secret: string) => String((Number(codeAt(secret, Date.now())) + 1) % 1_000_000).padStart(6, '0');

/**
 * Each attempt of a second-factor guesser carries the right password. The password alone must
 * not wipe out the count of wrong codes: the code checks are stopped after exactly 5, like
 * password guesses, and the owner still gets in from elsewhere.
 */
describe(`guessing second factors with the right password (${engine})`, { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let tenant: Tenant;
  const host = 'guessed.test';
  let base: number;
  let steps = 0;
  /** Each sign-in with a code moves the clock on a step, so the right code is a fresh one. */
  const nextStep = () => vi.setSystemTime(base + ++steps * STEP_MS);

  beforeAll(async () => {
    // The API rate limit is off: what stops the guessing must be the intrusion guard.
    ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0' } });
    tenant = await createTenant(ctx.db, { slug: 'guessed', name: 'Guessed', hostnames: [host] });
    base = Math.floor(Date.now() / STEP_MS) * STEP_MS + STEP_MS + STEP_MS / 2;
    vi.setSystemTime(base);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await ctx.close();
  });

  let users = 0;
  /** A user with an authenticator app set up: its secret and recovery codes. */
  async function enrolledUser() {
    const email = `user${++users}@guessed.test`;
    await createUser(ctx.db, tenant.id, { email, firstName: 'Ada', lastName: 'Lovelace', roles: ['learner'], password: PASSWORD });
    const cookie = await signInCookie(ctx.app, host, email, PASSWORD);
    const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: { host, cookie }, payload, remoteAddress: '192.0.2.1' });
    const secret: string = (await post('/api/me/mfa/setup', { password: PASSWORD })).json().secret;
    const enabled = await post('/api/me/mfa/enable', { code: codeAt(secret, Date.now()) });
    expect(enabled.statusCode).toBe(200);
    nextStep();
    return { email, secret, recoveryCodes: enabled.json().recoveryCodes as string[] };
  }

  const signIn = (email: string, remoteAddress: string, extra: object = {}) =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host }, payload: { email, password: PASSWORD, ...extra }, remoteAddress });

  const count = async (query: ReturnType<typeof sql>) => {
    const [row] = await ctx.db.withTenant(tenant.id, (tx) => queryRows<{ n: number }>(tx, query));
    return row?.n ?? 0;
  };
  /** Second factors checked and refused for attempts from one address (each refusal is audited). */
  const codeChecksFrom = (ip: string, method: string) =>
    count(sql`select count(*)::int as n from audit_events where action = 'auth.mfa.failed' and actor_ip = ${ip} and details->>'method' = ${method}`);
  const bansOf = (ip: string, account: string) =>
    count(sql`select count(*)::int as n from audit_events where action = 'auth.guard.blocked' and details->>'ip' = ${ip} and details->>'account' = ${account}`);

  async function guess200(email: string, ip: string, proof: () => object): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await signIn(email, ip, proof());
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
      else expect(res.json().error.code).toBe('MFA_CODE_INVALID');
    }
    return statuses;
  }

  it.each([
    ['TOTP codes', 'totp', '203.0.113.31', (user: { secret: string }) => ({ code: wrongCode(user.secret) })],
    ['recovery codes', 'recovery_code', '203.0.113.32', () => ({ recoveryCode: 'zzzz-zzzz-zzzz' })],
  ])('200 wrong %s with the right password: refused after exactly 5 checks, banned and audited; the owner still signs in from elsewhere', async (_, method, ip, proof) => {
    const user = await enrolledUser();
    const statuses = await guess200(user.email, ip, () => proof(user));
    expect(statuses.indexOf(429)).toBe(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(await codeChecksFrom(ip, method)).toBe(5);
    expect(await bansOf(ip, user.email)).toBe(1);

    // The right code is refused from the banned address too; from another address it works.
    expect((await signIn(user.email, ip, { code: codeAt(user.secret, Date.now()) })).statusCode).toBe(429);
    const owner = await signIn(user.email, '198.51.100.31', { code: codeAt(user.secret, Date.now()) });
    expect(owner.statusCode).toBe(200);
    nextStep();
    expect((await signIn(user.email, '198.51.100.31', { recoveryCode: user.recoveryCodes[0] })).statusCode).toBe(200);
  });

  it('the right password without a code ends no streak; password and code together do', async () => {
    const user = await enrolledUser();
    const ip = '203.0.113.33';
    const wrong = async () => expect((await signIn(user.email, ip, { code: wrongCode(user.secret) })).json().error.code).toBe('MFA_CODE_INVALID');

    for (let i = 0; i < 4; i++) await wrong();
    // The password alone is answered AUTH_MFA_REQUIRED and leaves the four failures standing.
    expect((await signIn(user.email, ip)).json().error.code).toBe('AUTH_MFA_REQUIRED');
    await wrong();
    expect((await signIn(user.email, ip, { code: codeAt(user.secret, Date.now()) })).json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');

    // From a fresh address: four wrong codes, then a complete sign-in, and the count starts again.
    const other = '203.0.113.34';
    const wrongFromOther = async () => expect((await signIn(user.email, other, { code: wrongCode(user.secret) })).statusCode).toBe(403);
    for (let i = 0; i < 4; i++) await wrongFromOther();
    expect((await signIn(user.email, other, { code: codeAt(user.secret, Date.now()) })).statusCode).toBe(200);
    nextStep();
    for (let i = 0; i < 4; i++) await wrongFromOther();
    expect((await signIn(user.email, other, { code: codeAt(user.secret, Date.now()) })).statusCode).toBe(200);
    nextStep();
  });

  /** Signs the user in from elsewhere; the forms of that session, posted from `ip`. */
  async function signedInPoster(user: { email: string; secret: string }, ip: string) {
    const signedIn = await signIn(user.email, '192.0.2.1', { code: codeAt(user.secret, Date.now()) });
    nextStep();
    const session = `lectern_session=${signedIn.cookies.find((c) => c.name === 'lectern_session')!.value}`;
    return (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, headers: { host, cookie: session }, payload, remoteAddress: ip });
  }

  it('a wrong code in a signed-in confirmation counts like one at sign-in, and a right password there wipes out nothing', async () => {
    const user = await enrolledUser();
    const ip = '203.0.113.35';
    const post = await signedInPoster(user, ip);

    for (let i = 0; i < 2; i++) expect((await signIn(user.email, ip, { code: wrongCode(user.secret) })).statusCode).toBe(403);
    for (let i = 0; i < 2; i++) expect((await post('/api/me/mfa/disable', { password: PASSWORD, code: wrongCode(user.secret) })).statusCode).toBe(403);
    // The right password alone (starting a set-up, refused as MFA is on) is no complete credential.
    expect((await post('/api/me/mfa/setup', { password: PASSWORD })).json().error.code).toBe('MFA_ALREADY_ENABLED');
    expect((await post('/api/me/mfa/recovery-codes', { password: PASSWORD, code: wrongCode(user.secret) })).statusCode).toBe(403);
    const refused = await post('/api/me/mfa/disable', { password: PASSWORD, code: codeAt(user.secret, Date.now()) });
    expect(refused.json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
  });

  it('changing the password or address, or making an API token, with a wrong code counts like a wrong code at sign-in; the password alone ends no streak', async () => {
    const user = await enrolledUser();
    const ip = '203.0.113.36';
    const post = await signedInPoster(user, ip);
    const passwordChange = { currentPassword: PASSWORD, newPassword: 'Other-Horse-72' };
    const emailChange = { currentPassword: PASSWORD, newEmail: `moved-${user.email}` };
    const token = { currentPassword: PASSWORD, name: 'app', scopes: ['reports:read'] };

    expect((await post('/api/me/password', { ...passwordChange, code: wrongCode(user.secret) })).json().error.code).toBe('MFA_CODE_INVALID');
    expect((await post('/api/me/email', { ...emailChange, recoveryCode: 'zzzz-zzzz-zzzz-zzzz-zzzz-zzzz' })).json().error.code).toBe('MFA_CODE_INVALID');
    // The right password without a code is answered MFA_CODE_REQUIRED and leaves the failures standing.
    for (const [url, body] of [['/api/me/password', passwordChange], ['/api/me/email', emailChange], ['/api/me/tokens', token]] as const) {
      expect((await post(url, body)).json().error.code, url).toBe('MFA_CODE_REQUIRED');
    }
    expect((await post('/api/me/tokens', { ...token, code: wrongCode(user.secret) })).json().error.code).toBe('MFA_CODE_INVALID');
    expect((await signIn(user.email, ip, { code: wrongCode(user.secret) })).statusCode).toBe(403);
    expect((await post('/api/me/tokens', { ...token, code: wrongCode(user.secret) })).json().error.code).toBe('MFA_CODE_INVALID');
    expect(await codeChecksFrom(ip, 'totp')).toBe(4);
    expect(await codeChecksFrom(ip, 'recovery_code')).toBe(1);
    const refused = await post('/api/me/password', { ...passwordChange, code: codeAt(user.secret, Date.now()) });
    expect(refused.json().error.code).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(await bansOf(ip, user.email)).toBe(1);
  });
});
