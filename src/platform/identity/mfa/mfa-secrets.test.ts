import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTenantWithUser, createTestApp, PASSWORD, signInCookie, type TestContext } from '../../../../test/app.js';
import { engine } from '../../../../test/db.js';
import { ConfigError } from '../../../config.js';
import { secretBox } from '../../secrets/installed-secret-box.js';
import { SecretBox } from '../../secrets/secret-box.js';
import { users } from '../identity.schema.js';
import { createUser } from '../users.service.js';
import { sealStoredMfaSecrets } from './mfa-secrets.js';
import { codeAt } from './totp.js';

describe(`two-factor secrets are sealed in the database (${engine})`, () => {
  let ctx: TestContext;
  let acme: Awaited<ReturnType<typeof createTenantWithUser>>;
  let count = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    acme = await createTenantWithUser(ctx.db, 'acme');
  });
  afterAll(() => ctx.close());

  const post = (url: string, payload: object, cookie = '') => ctx.app.inject({ method: 'POST', url, headers: { host: acme.host, cookie }, payload });
  const stored = async (userId: string) =>
    (await ctx.db.owner.select({ secret: users.mfaSecret }).from(users).where(eq(users.id, userId)))[0]?.secret;

  async function enrolledUser() {
    const email = `user${++count}@acme.test`;
    const { id } = await createUser(ctx.db, acme.tenant.id, { email, firstName: 'Ada', lastName: 'Byron', roles: ['learner'], password: PASSWORD });
    const cookie = await signInCookie(ctx.app, acme.host, email, PASSWORD);
    const secret: string = (await post('/api/me/mfa/setup', { password: PASSWORD }, cookie)).json().secret;
    expect((await post('/api/me/mfa/enable', { code: codeAt(secret, Date.now()) }, cookie)).statusCode).toBe(200);
    return { id, email, secret };
  }
  // Each sign-in uses the code of another step: a code works once.
  const signInWithCode = (user: { email: string; secret: string }, stepsAhead: number) =>
    post('/api/auth/sign-in', { email: user.email, password: PASSWORD, code: codeAt(user.secret, Date.now() + stepsAhead * 30_000) });

  it('a copy of the users table holds no TOTP seed, and sign-in with a code still works', async () => {
    const user = await enrolledUser();
    const column = await stored(user.id);
    expect(column).toMatch(new RegExp(`^s1:${secretBox().keyId}:`));
    expect(column).not.toContain(user.secret);
    expect((await signInWithCode(user, 1)).statusCode).toBe(200);
  });

  it('seeds stored before sealing work, and start-up seals them', async () => {
    const user = await enrolledUser();
    await ctx.db.owner.update(users).set({ mfaSecret: user.secret }).where(eq(users.id, user.id));
    expect((await signInWithCode(user, 1)).statusCode).toBe(200);

    expect(await sealStoredMfaSecrets(ctx.db, secretBox(), 'secret.key')).toBeGreaterThanOrEqual(1);

    expect(await stored(user.id)).toMatch(new RegExp(`^s1:${secretBox().keyId}:`));
    // A code works once and at most a step early: the next sign-in is half a minute later.
    vi.setSystemTime(Date.now() + 30_000);
    try {
      expect((await signInWithCode(user, 1)).statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a node with another key file refuses to start, naming both keys, and changes nothing', async () => {
    const user = await enrolledUser();
    const legacy = await enrolledUser();
    await ctx.db.owner.update(users).set({ mfaSecret: legacy.secret }).where(eq(users.id, legacy.id));
    const before = await stored(user.id);
    const stranger = new SecretBox(randomBytes(32));

    const refusal = await sealStoredMfaSecrets(ctx.db, stranger, '/etc/lectern/secret.key').catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toContain(`sealed with key ${secretBox().keyId}, but /etc/lectern/secret.key holds key ${stranger.keyId}`);
    expect(await stored(user.id)).toBe(before);
    expect(await stored(legacy.id)).toBe(legacy.secret);
  });
});
