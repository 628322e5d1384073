import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { auditEvents } from '../../audit/audit.schema.js';
import { queryRows } from '../../db/client.js';
import { tenants } from '../../tenancy/tenancy.schema.js';
import { settingsOf } from '../../tenancy/tenant-settings.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import type { Role } from '../identity.schema.js';
import { mfaRecoveryCodes, users } from '../identity.schema.js';
import { createUser } from '../users.service.js';
import { mfaStatus, mfaStepFor } from './mfa.service.js';
import { hashRecoveryCode, RECOVERY_CODE_ALPHABET } from './recovery-codes.js';
import { verifySecondFactor } from './second-factor.js';
import { codeAt } from './totp.js';

const STEP_MS = 30_000;
/** A code differing from the current one (it could match a neighbouring step with odds of 2 in a million). */
const wrongCode = (secret: string) => String((Number(codeAt(secret, Date.now())) + 1) % 1_000_000).padStart(6, '0');
const client = { ip: '203.0.113.7', userAgent: 'AuthApp-Test/1.0' };

describe(`two-factor sign-in (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  // The clock is set by the tests: each TOTP step is 30 s, and a test moves it step by step.
  let base: number;
  let steps = 0;
  const tick = (n = 1) => {
    steps += n;
    vi.setSystemTime(base + steps * STEP_MS);
  };
  const now = () => Date.now();

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
    // The middle of the next step, so no code is computed on a step boundary.
    base = Math.floor(Date.now() / STEP_MS) * STEP_MS + STEP_MS + STEP_MS / 2;
    vi.setSystemTime(base);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await ctx.close();
  });

  const headers = (cookie: string) => ({ host: acme.host, cookie, 'user-agent': client.userAgent });
  const post = (url: string, cookie: string, payload: object) =>
    ctx.app.inject({ method: 'POST', url, headers: headers(cookie), payload, remoteAddress: client.ip });
  const status = async (cookie: string) =>
    (await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: headers(cookie) })).json();

  let userCount = 0;
  async function newUser(roles: Role[] = ['learner']) {
    const email = `user${++userCount}@acme.test`;
    const user = await createUser(ctx.db, acme.tenant.id, { email, firstName: 'Grace', lastName: 'Hopper', roles, password: PASSWORD });
    return { id: user.id, email, cookie: await signInCookie(ctx.app, acme.host, email, PASSWORD) };
  }

  /** A user who has set up an app and confirmed it with the code of the current step. */
  async function enrolledUser() {
    const user = await newUser();
    const setup = await post('/api/me/mfa/setup', user.cookie, { password: PASSWORD });
    const secret: string = setup.json().secret;
    const enable = await post('/api/me/mfa/enable', user.cookie, { code: codeAt(secret, now()) });
    expect(enable.statusCode).toBe(200);
    return { ...user, secret, recoveryCodes: enable.json().recoveryCodes as string[] };
  }

  const auditOf = (action: string) =>
    ctx.db.withTenant(acme.tenant.id, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(auditEvents.id));

  it('setting up asks for the current password', async () => {
    const user = await newUser();
    const wrong = await post('/api/me/mfa/setup', user.cookie, { password: 'Not-The-Password-1' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('MFA_PASSWORD_INCORRECT');
    const missing = await post('/api/me/mfa/setup', user.cookie, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0].field).toBe('password');
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/me/mfa/setup', headers: { host: acme.host }, payload: { password: PASSWORD } });
    expect(anonymous.statusCode).toBe(401);
    expect((await status(user.cookie)).pending).toBe(false);
  });

  it('enrols an authenticator app: secret, otpauth URI and a QR code image, then ten recovery codes once', async () => {
    const user = await newUser();
    const setup = await post('/api/me/mfa/setup', user.cookie, { password: PASSWORD });
    expect(setup.statusCode).toBe(200);
    expect(setup.headers['cache-control']).toBe('no-store');
    const { secret, otpauthUri, qrDataUrl } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/ACME:${user.email}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: 'ACME', algorithm: 'SHA1', digits: '6', period: '30' });
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(qrDataUrl.split(',')[1], 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(await status(user.cookie)).toMatchObject({ enabled: false, pending: true, step: 'none' });

    const refused = await post('/api/me/mfa/enable', user.cookie, { code: wrongCode(secret) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('MFA_CODE_INVALID');
    expect((await status(user.cookie)).enabled).toBe(false);

    const code = codeAt(secret, now());
    const enabled = await post('/api/me/mfa/enable', user.cookie, { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(enabled.statusCode).toBe(200);
    const codes: string[] = enabled.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^([a-z2-9]{4}-){5}[a-z2-9]{4}$/);
    expect(await status(user.cookie)).toMatchObject({ enabled: true, pending: false, recoveryCodesLeft: 10, step: 'code' });

    // Only digests are stored.
    const stored = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.select({ hash: mfaRecoveryCodes.codeHash }).from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, user.id)),
    );
    expect(stored).toHaveLength(10);
    const hashes = stored.map((r) => r.hash).join(' ');
    for (const c of codes) {
      expect(hashes).not.toContain(c);
      expect(hashes).not.toContain(c.replaceAll('-', ''));
    }

    const again = await post('/api/me/mfa/setup', user.cookie, { password: PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MFA_ALREADY_ENABLED');

    const [event] = (await auditOf('user.mfa_enabled')).filter((e) => e.actorUserId === user.id);
    expect(event).toMatchObject({ actorUserId: user.id, actorIp: client.ip, userAgent: client.userAgent, targetType: 'user', targetId: user.id });
    expect(event?.occurredAt).toBeInstanceOf(Date);
  });

  it('refuses to enable without a setup, and malformed codes name the field', async () => {
    const user = await newUser();
    const noSetup = await post('/api/me/mfa/enable', user.cookie, { code: '123456' });
    expect(noSetup.statusCode).toBe(409);
    expect(noSetup.json().error.code).toBe('MFA_SETUP_NOT_STARTED');
    const letters = await post('/api/me/mfa/enable', user.cookie, { code: '12a456' });
    expect(letters.statusCode).toBe(400);
    expect(letters.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'code' }] });
  });

  it('a code is accepted once: the code that confirmed the app, or any code replayed, is refused', async () => {
    const user = await enrolledUser();
    const enrolCode = codeAt(user.secret, now());
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code: enrolCode }, client)).toBe(false);

    tick();
    const code = codeAt(user.secret, now());
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code }, client)).toBe(true);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code }, client)).toBe(false);

    // A replayed code at sign-in is refused and audited with the client.
    const replay = await post('/api/auth/sign-in', '', { email: user.email, password: PASSWORD, code });
    expect(replay.json().error.code).toBe('MFA_CODE_INVALID');
    const failures = (await auditOf('auth.mfa.failed')).filter((e) => e.actorUserId === user.id);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ actorIp: client.ip, userAgent: client.userAgent, details: { method: 'totp' } });
  });

  it('accepts a code one step old or ahead (clock drift), refuses one two steps old and any older than the last accepted', async () => {
    const user = await enrolledUser();
    tick(4);
    const twoStepsAgo = codeAt(user.secret, now() - 2 * STEP_MS);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code: twoStepsAgo }, client)).toBe(false);
    const oneStepAgo = codeAt(user.secret, now() - STEP_MS);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code: oneStepAgo }, client)).toBe(true);

    const oneAhead = codeAt(user.secret, now() + STEP_MS);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code: oneAhead }, client)).toBe(true);
    // The current step is older than the one just accepted.
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code: codeAt(user.secret, now()) }, client)).toBe(false);
  });

  it('of several simultaneous attempts with the same code exactly one succeeds', async () => {
    const user = await enrolledUser();
    tick();
    const code = codeAt(user.secret, now());
    const results = await Promise.all(
      Array.from({ length: 5 }, () => verifySecondFactor(ctx.db, acme.tenant, user.id, { code }, client)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a recovery code works once, as printed or typed loosely, and only for its own user', async () => {
    const user = await enrolledUser();
    const other = await enrolledUser();
    const [first, second] = user.recoveryCodes as [string, string];
    expect(await verifySecondFactor(ctx.db, acme.tenant, other.id, { recoveryCode: first }, client)).toBe(false);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { recoveryCode: first }, client)).toBe(true);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { recoveryCode: first }, client)).toBe(false);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { recoveryCode: ` ${second.replaceAll('-', '').toUpperCase()} ` }, client)).toBe(true);
    expect((await status(user.cookie)).recoveryCodesLeft).toBe(8);

    const used = (await auditOf('user.mfa_recovery_code_used')).filter((e) => e.actorUserId === user.id);
    expect(used.map((e) => e.details)).toEqual([{ remaining: 9 }, { remaining: 8 }]);
    expect(used[0]).toMatchObject({ actorIp: client.ip, userAgent: client.userAgent });
  });

  it('recovery codes carry at least 112 bits each, and codes of the earlier 12-character format still work', async () => {
    // 24 characters drawn evenly (randomInt) from the alphabet: log2(31) * 24 is about 119 bits.
    expect(Math.log2(RECOVERY_CODE_ALPHABET.length) * 24).toBeGreaterThanOrEqual(112);
    const user = await enrolledUser();
    const characters = new Set(user.recoveryCodes.join('').replaceAll('-', ''));
    for (const c of characters) expect(RECOVERY_CODE_ALPHABET).toContain(c);
    for (const code of user.recoveryCodes) expect(code.replaceAll('-', '')).toHaveLength(24);

    // A code printed before the longer format: its stored digest is still accepted, once.
    const printedEarlier = 'abcd-efgh-jkmn';
    await ctx.db.withTenant(acme.tenant.id, (tx) =>
      tx.insert(mfaRecoveryCodes).values({ userId: user.id, tenantId: acme.tenant.id, codeHash: hashRecoveryCode(user.id, printedEarlier) }),
    );
    tick();
    const signIn = (recoveryCode: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { host: acme.host }, payload: { email: user.email, password: PASSWORD, recoveryCode } });
    expect((await signIn(printedEarlier)).statusCode).toBe(200);
    expect((await signIn(printedEarlier)).json().error.code).toBe('MFA_CODE_INVALID');
    expect((await signIn(user.recoveryCodes[0]!)).statusCode).toBe(200);
  });

  it('new recovery codes replace the old ones', async () => {
    const user = await enrolledUser();
    tick();
    const wrong = await post('/api/me/mfa/recovery-codes', user.cookie, { password: PASSWORD, code: wrongCode(user.secret) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('MFA_CODE_INVALID');

    const res = await post('/api/me/mfa/recovery-codes', user.cookie, { password: PASSWORD, code: codeAt(user.secret, now()) });
    expect(res.statusCode).toBe(200);
    const fresh: string[] = res.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(user.recoveryCodes[0]);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { recoveryCode: user.recoveryCodes[0]! }, client)).toBe(false);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { recoveryCode: fresh[0]! }, client)).toBe(true);
    expect(await auditOf('user.mfa_recovery_codes_regenerated')).toContainEqual(
      expect.objectContaining({ actorUserId: user.id, actorIp: client.ip, userAgent: client.userAgent }),
    );
  });

  it('turning MFA off needs the password and a second factor, and removes secret and recovery codes', async () => {
    const user = await enrolledUser();
    tick();
    const code = codeAt(user.secret, now());
    const wrongPassword = await post('/api/me/mfa/disable', user.cookie, { password: 'Wrong-Password-1', code });
    expect(wrongPassword.statusCode).toBe(403);
    expect(wrongPassword.json().error.code).toBe('MFA_PASSWORD_INCORRECT');
    const both = await post('/api/me/mfa/disable', user.cookie, { password: PASSWORD, code, recoveryCode: user.recoveryCodes[0] });
    expect(both.statusCode).toBe(400);
    const wrongRecovery = await post('/api/me/mfa/disable', user.cookie, { password: PASSWORD, recoveryCode: 'aaaa-bbbb-cccc' });
    expect(wrongRecovery.statusCode).toBe(403);
    expect(wrongRecovery.json().error).toMatchObject({ code: 'MFA_CODE_INVALID', fields: [{ field: 'recoveryCode' }] });
    expect((await status(user.cookie)).enabled).toBe(true);

    const off = await post('/api/me/mfa/disable', user.cookie, { password: PASSWORD, code });
    expect(off.statusCode).toBe(204);
    expect(await status(user.cookie)).toMatchObject({ enabled: false, pending: false, recoveryCodesLeft: 0, step: 'none' });
    const [row] = await ctx.db.withTenant(acme.tenant.id, (tx) =>
      queryRows<{ secret: string | null; codes: number }>(
        tx,
        sql`select ${users.mfaSecret} as secret, (select count(*)::int from ${mfaRecoveryCodes} where user_id = ${user.id}) as codes from ${users} where id = ${user.id}`,
      ),
    );
    expect(row).toEqual({ secret: null, codes: 0 });
    tick();
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { code: codeAt(user.secret, now()) }, client)).toBe(false);
    expect(await verifySecondFactor(ctx.db, acme.tenant, user.id, { recoveryCode: user.recoveryCodes[1]! }, client)).toBe(false);

    const again = await post('/api/me/mfa/disable', user.cookie, { password: PASSWORD, code: codeAt(user.secret, now()) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MFA_NOT_ENABLED');
    expect(await auditOf('user.mfa_disabled')).toContainEqual(
      expect.objectContaining({ actorUserId: user.id, actorIp: client.ip, userAgent: client.userAgent, targetId: user.id }),
    );
  });

  it('a recovery code can turn MFA off when the phone is lost', async () => {
    const user = await enrolledUser();
    const off = await post('/api/me/mfa/disable', user.cookie, { password: PASSWORD, recoveryCode: user.recoveryCodes[3] });
    expect(off.statusCode).toBe(204);
    expect((await status(user.cookie)).enabled).toBe(false);
  });

  it("the site's requirement of MFA for administrators shows in the status", async () => {
    const site = await createTenantWithUser(ctx.db, 'strict');
    // Set before the first request to this host, so no cached copy of the tenant predates it.
    await ctx.db.owner.update(tenants).set({ settings: { security: { requireMfaFor: ['admin'] } } }).where(eq(tenants.id, site.tenant.id));
    const strict: Tenant = { ...site.tenant, settings: { security: { requireMfaFor: ['admin'] } } };
    const admin = await signInCookie(ctx.app, site.host, site.email, site.password);
    const adminStatus = await ctx.app.inject({ method: 'GET', url: '/api/me/mfa', headers: { host: site.host, cookie: admin } });
    expect(adminStatus.json()).toMatchObject({ enabled: false, requiredBySite: true, step: 'enrol' });

    const learner = await createUser(ctx.db, site.tenant.id, { email: 'learner@strict.test', firstName: 'L', lastName: 'L', roles: ['learner'], password: PASSWORD });
    expect(await mfaStatus(ctx.db, strict, learner.id)).toMatchObject({ requiredBySite: false, step: 'none' });
    // The same administrator on a site without the requirement.
    const relaxed: Tenant = { ...site.tenant, settings: {} };
    const adminId = (await ctx.app.inject({ method: 'GET', url: '/api/auth/session', headers: { host: site.host, cookie: admin } })).json().user.id;
    expect(await mfaStatus(ctx.db, relaxed, adminId)).toMatchObject({ requiredBySite: false, step: 'none' });

    const settings = settingsOf(strict);
    expect(mfaStepFor({ roles: ['admin'], mfaEnabledAt: null }, settings)).toBe('enrol');
    expect(mfaStepFor({ roles: ['admin'], mfaEnabledAt: new Date() }, settings)).toBe('code');
    expect(mfaStepFor({ roles: ['manager'], mfaEnabledAt: null }, settings)).toBe('none');
    expect(mfaStepFor({ roles: ['learner'], mfaEnabledAt: new Date() }, settingsOf(relaxed))).toBe('code');
  });
});
